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

    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253)
        {
            errors.Add("must be no more than 253 characters");
        }

        if (!Dns1123Subdomain().IsMatch(value))
        {
            errors.Add(RegexError(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                Dns1123SubdomainFormat,
                "example.com"));
        }

        return errors;
    }

    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add("must be no more than 63 characters");
        }

        if (!Dns1035Label().IsMatch(value))
        {
            errors.Add(RegexError(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                Dns1035LabelFormat,
                "my-name",
                "abc-123"));
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
