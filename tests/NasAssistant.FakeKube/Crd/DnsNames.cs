using System.Text.RegularExpressions;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// The name checks of <c>k8s.io/apimachinery/pkg/util/validation</c> used by CRD validation, with
/// their exact messages (<c>IsDNS1123Subdomain</c>, <c>IsDNS1035Label</c>).
/// </summary>
internal static partial class DnsNames
{
    private const string Dns1123SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";

    public static IReadOnlyList<string> IsDns1123Subdomain(string value) =>
        Check(value, 253, Dns1123Subdomain(), "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", Dns1123SubdomainFormat, "example.com");

    public static IReadOnlyList<string> IsDns1035Label(string value) =>
        Check(value, 63, Dns1035Label(), "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", Dns1035LabelFormat, "my-name", "abc-123");

    private static List<string> Check(string value, int maxLength, Regex format, string message, string formatText, params string[] examples)
    {
        var errors = new List<string>();
        if (value.Length > maxLength)
        {
            errors.Add($"must be no more than {maxLength} characters");
        }

        if (!format.IsMatch(value))
        {
            errors.Add(RegexError(message, formatText, examples));
        }

        return errors;
    }

    // RegexError (apimachinery/pkg/util/validation/validation.go), including its double space before "or".
    private static string RegexError(string message, string format, params string[] examples) =>
        message + " (e.g. " + string.Join(" or ", examples.Select(e => $"'{e}', ")) + "regex used for validation is '" + format + "')";

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + Dns1035LabelFormat + "$")]
    private static partial Regex Dns1035Label();
}
