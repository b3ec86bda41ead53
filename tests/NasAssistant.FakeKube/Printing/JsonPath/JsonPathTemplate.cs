using System.Globalization;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary>
/// A parsed JSONPath as kubectl and the CRD printer columns use it (client-go util/jsonpath): fields,
/// <c>*</c>, <c>..</c>, indexes and slices, and filters. Ranges and unions are not supported.
/// </summary>
internal sealed class JsonPathTemplate
{
    private readonly IReadOnlyList<IJsonPathStep> _steps;

    private JsonPathTemplate(IReadOnlyList<IJsonPathStep> steps) => _steps = steps;

    /// <summary>Parses the path inside a template's braces, e.g. <c>.status.conditions[?(@.type=="Ready")].status</c>.</summary>
    public static JsonPathTemplate Parse(string path) => new(new JsonPathParser(path).ParsePath());

    /// <summary>FindResults: every value the path reaches, in document order.</summary>
    public List<JsonNode?> FindResults(JsonNode? data) => Walk(_steps, [data]);

    internal static List<JsonNode?> Walk(IReadOnlyList<IJsonPathStep> steps, List<JsonNode?> input)
    {
        var current = input;
        foreach (var step in steps)
        {
            current = step.Apply(current);
        }

        return current;
    }

    /// <summary>PrintResults for one value: Go's <c>fmt.Fprint</c> of the decoded JSON.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "<nil>",
        JsonObject map => "map[" + string.Join(" ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Text(p.Value))) + "]",
        JsonArray list => "[" + string.Join(" ", list.Select(Text)) + "]",
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        JsonValue scalar when scalar.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        JsonValue scalar when scalar.TryGetValue<long>(out var integer) => integer.ToString(CultureInfo.InvariantCulture),
        JsonValue scalar => GoFloat(scalar.GetValue<double>()),
        _ => value.ToJsonString(),
    };

    // strconv.FormatFloat(f, 'g', -1, 64), which fmt uses for %v: shortest digits, exponent form when the
    // decimal exponent is below -4 or at least 6 (1e+06, 1.5e-05).
    private static string GoFloat(double value)
    {
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var parts = shortest.Split('E');
        var mantissa = parts[0];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var decimalPoint = (point < 0 ? mantissa.Length : point) + (parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
        var trimmed = digits.TrimStart('0');
        decimalPoint -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        var sign = value < 0 ? "-" : string.Empty;
        var exponent = decimalPoint - 1;
        if (exponent is < -4 or >= 6)
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            var power = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{digits[0]}{fraction}e{(exponent < 0 ? '-' : '+')}{power}";
        }

        if (decimalPoint <= 0)
        {
            return $"{sign}0.{new string('0', -decimalPoint)}{digits}";
        }

        return decimalPoint >= digits.Length
            ? sign + digits + new string('0', decimalPoint - digits.Length)
            : $"{sign}{digits[..decimalPoint]}.{digits[decimalPoint..]}";
    }
}
