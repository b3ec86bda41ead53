using System.Text;
using System.Text.RegularExpressions;

namespace NasAssistant.Operator.Api.Rules;

/// <summary>
/// Kubernetes' syntax checks for names, with its messages (apimachinery/pkg/api/validate/content), for
/// the checks the operator makes itself: a label key used as a map key has no schema node of its own.
/// </summary>
internal static class KubernetesNames
{
    private const string NameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string NameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string SubdomainFormat = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    /// <summary>Why <paramref name="value"/> is not a qualified name (a label key); empty when it is one (IsLabelKey).</summary>
    public static IReadOnlyList<string> QualifiedNameErrors(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        var parts = value.Split('/');
        if (parts.Length > 2)
        {
            return ["a valid label key " + RegexError(NameMessage, NameFormat, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        var name = parts[^1];
        if (parts.Length == 2)
        {
            var prefix = parts[0];
            errors.AddRange(prefix.Length == 0 ? ["prefix part must be non-empty"] : Dns1123SubdomainErrors(prefix).Select(e => "prefix part " + e));
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (Encoding.UTF8.GetByteCount(name) > NamePatterns.LabelValueMaxLength)
        {
            errors.Add("name part " + MaxLengthError(NamePatterns.LabelValueMaxLength));
        }

        if (!FullMatch(name, "^" + NameFormat + "$"))
        {
            errors.Add("name part " + RegexError(NameMessage, NameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>Why <paramref name="value"/> is not a DNS-1123 subdomain; empty when it is one (IsDNS1123Subdomain).</summary>
    public static IReadOnlyList<string> Dns1123SubdomainErrors(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > NamePatterns.Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLengthError(NamePatterns.Dns1123SubdomainMaxLength));
        }

        if (!FullMatch(value, "^" + SubdomainFormat + "$"))
        {
            errors.Add(RegexError(SubdomainMessage, SubdomainFormat, "example.com"));
        }

        return errors;
    }

    /// <summary>
    /// Whether <paramref name="value"/> matches an anchored pattern as RE2 matches it: RE2's '$' matches only
    /// at the very end, .NET's also before a final newline (which none of these patterns can consume).
    /// </summary>
    public static bool FullMatch(string value, string pattern) =>
        !value.EndsWith('\n') && Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));

    private static string MaxLengthError(int length) => $"must be no more than {length} bytes";

    // RegexError (content/errors.go): the message, examples, and the expression used.
    private static string RegexError(string message, string format, params string[] examples) =>
        $"{message} (e.g. {string.Join(" or ", examples.Select(e => $"'{e}', "))}regex used for validation is '{format}')";
}
