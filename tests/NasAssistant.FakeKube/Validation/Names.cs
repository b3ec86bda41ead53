using System.Globalization;
using System.Text.RegularExpressions;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// The string format checks of k8s.io/apimachinery/pkg/util/validation (and its content package): each
/// returns the real server's messages, empty when the value is valid.
/// </summary>
internal static partial class Names
{
    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string LabelKeyFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + LabelKeyFormat + ")?";
    private const string ConfigMapKeyFormat = "[-._a-zA-Z0-9]+";
    private const string PercentFormat = "[0-9]+%";
    private const string HttpHeaderNameFormat = "[-A-Za-z0-9]+";
    private const string LabelKeyMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>IsDNS1123Label.</summary>
    public static List<string> Dns1123Label(string value) =>
        LengthAndFormat(value, 63, Dns1123LabelRegex(), Dns1123SubdomainRegex().IsMatch(value)
            ? "must not contain dots"
            : RegexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", Dns1123LabelFormat, "my-name", "123-abc"));

    /// <summary>IsDNS1123Subdomain.</summary>
    public static List<string> Dns1123Subdomain(string value) =>
        LengthAndFormat(value, 253, Dns1123SubdomainRegex(), RegexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", Dns1123SubdomainFormat, "example.com"));

    /// <summary>IsDNS1035Label.</summary>
    public static List<string> Dns1035Label(string value) =>
        LengthAndFormat(value, 63, Dns1035LabelRegex(), RegexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", Dns1035LabelFormat, "my-name", "abc-123"));

    /// <summary>IsQualifiedName (content.IsLabelKey): an optional DNS subdomain prefix and a name.</summary>
    public static List<string> QualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(Dns1123Subdomain(parts[0]).Select(m => "prefix part " + m));
                }

                break;
            default:
                return ["a valid label key " + RegexError(LabelKeyMessage, LabelKeyFormat, "MyName", "my.name", "123-abc") +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            errors.Add("name part " + MaxLength(63));
        }

        if (!LabelKeyRegex().IsMatch(name))
        {
            errors.Add("name part " + RegexError(LabelKeyMessage, LabelKeyFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>IsValidLabelValue.</summary>
    public static List<string> LabelValue(string value) =>
        LengthAndFormat(value, 63, LabelValueRegex(), RegexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LabelValueFormat, "MyValue", "my_value", "12345"));

    /// <summary>IsConfigMapKey: keys of ConfigMap and Secret data.</summary>
    public static List<string> ConfigMapKey(string value)
    {
        var errors = LengthAndFormat(value, 253, ConfigMapKeyRegex(), RegexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", ConfigMapKeyFormat, "key.name", "KEY_NAME", "key-name"));
        if (value == ".")
        {
            errors.Add("must not be '.'");
        }
        else if (value == "..")
        {
            errors.Add("must not be '..'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }

        return errors;
    }

    /// <summary>IsValidPortName: an IANA_SVC_NAME.</summary>
    public static List<string> PortName(string value)
    {
        var errors = new List<string>();
        if (value.Length > 15)
        {
            errors.Add(MaxLength(15));
        }

        if (!PortNameCharsetRegex().IsMatch(value))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!value.Any(c => c is >= 'a' and <= 'z'))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (value.Length > 0 && (value[0] == '-' || value[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    /// <summary>IsValidPortNum.</summary>
    public static List<string> PortNumber(long port) => InRange(port, 1, 65535);

    /// <summary>IsInRange.</summary>
    public static List<string> InRange(long value, long min, long max) =>
        value >= min && value <= max ? [] : [InclusiveRange(min, max)];

    /// <summary>IsRelaxedEnvVarName: printable ASCII other than '=' (RelaxedEnvironmentVariableValidation is GA).</summary>
    public static List<string> EnvVarName(string value)
    {
        var errors = new List<string>();
        if (value.Length == 0)
        {
            errors.Add("environment variable name must be non-empty");
        }

        if (value.Any(c => c > 0x7e || c < 0x20 || c == '='))
        {
            errors.Add("a valid environment variable name must consist only of printable ASCII characters other than '='");
        }

        return errors;
    }

    /// <summary>IsValidPercent.</summary>
    public static List<string> Percent(string value) =>
        PercentRegex().IsMatch(value) ? [] : [RegexError("a valid percent string must be a numeric string followed by an ending '%'", PercentFormat, "1%", "93%")];

    /// <summary>IsHTTPHeaderName.</summary>
    public static List<string> HttpHeaderName(string value) =>
        HttpHeaderNameRegex().IsMatch(value) ? [] : [RegexError("a valid HTTP header must consist of alphanumeric characters or '-'", HttpHeaderNameFormat, "X-Header-Name")];

    /// <summary>IsValidPathSegmentName (k8s.io/apimachinery/pkg/api/validation/path): names usable in a URL path.</summary>
    public static List<string> PathSegment(string value) => value is "." or ".." ? [$"may not be '{value}'"] : PathSegmentPrefix(value);

    /// <summary>IsValidUserID / IsValidGroupID: 0 to 2^32-1.</summary>
    public static List<string> UnixId(long value) => InRange(value, 0, uint.MaxValue);

    /// <summary>NameIsDNSSubdomain: a generateName prefix may end with a dash.</summary>
    public static List<string> NameIsDnsSubdomain(string name, bool prefix) => Dns1123Subdomain(prefix ? MaskTrailingDash(name) : name);

    /// <summary>NameIsDNSLabel (also ValidateNamespaceName).</summary>
    public static List<string> NameIsDnsLabel(string name, bool prefix) => Dns1123Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>NameIsDNS1035Label (ValidateServiceName).</summary>
    public static List<string> NameIsDns1035Label(string name, bool prefix) => Dns1035Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>ValidatePathSegmentName: the generic name check every built-in kind gets.</summary>
    public static List<string> NameIsPathSegment(string name, bool prefix) => prefix ? PathSegmentPrefix(name) : PathSegment(name);

    public static string InclusiveRange(long min, long max) =>
        string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, inclusive");

    private static List<string> PathSegmentPrefix(string value) =>
        new[] { "/", "%" }.Where(c => value.Contains(c, StringComparison.Ordinal)).Select(c => $"may not contain '{c}'").ToList();

    // maskTrailingDash (k8s.io/apimachinery/pkg/api/validation/generic.go): the generated suffix follows the dash.
    private static string MaskTrailingDash(string name) =>
        name.EndsWith('-') ? (name.Length >= 2 ? name[..^2] : string.Empty) + "a" : name;

    // The length-then-pattern shape the apimachinery format checks share.
    private static List<string> LengthAndFormat(string value, int maxLength, Regex format, string mismatch)
    {
        var errors = new List<string>();
        if (value.Length > maxLength)
        {
            errors.Add(MaxLength(maxLength));
        }

        if (!format.IsMatch(value))
        {
            errors.Add(mismatch);
        }

        return errors;
    }

    private static string MaxLength(int length) => string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} characters");

    // RegexError joins the examples exactly as Go does, hence "'my-name',  or '123-abc'" with two spaces.
    private static string RegexError(string message, string format, params string[] examples) =>
        $"{message} (e.g. {string.Join(" or ", examples.Select(e => $"'{e}', "))}regex used for validation is '{format}')";

    [GeneratedRegex("^" + Dns1123LabelFormat + "$")]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "$")]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^" + Dns1035LabelFormat + "$")]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex("^" + LabelKeyFormat + "$")]
    private static partial Regex LabelKeyRegex();

    [GeneratedRegex("^" + LabelValueFormat + "$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + ConfigMapKeyFormat + "$")]
    private static partial Regex ConfigMapKeyRegex();

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex PortNameCharsetRegex();

    [GeneratedRegex("^" + PercentFormat + "$")]
    private static partial Regex PercentRegex();

    [GeneratedRegex("^" + HttpHeaderNameFormat + "$")]
    private static partial Regex HttpHeaderNameRegex();
}
