using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Errors;

/// <summary>
/// Renders values the way Go's fmt prints them in field errors: strings with <c>%q</c>, numbers and
/// bools with <c>%v</c>, and decoded JSON objects and arrays with <c>%#v</c>
/// (<c>map[string]interface {}{"a":1}</c>, <c>[]interface {}{"a"}</c>), as <c>field.Error.ErrorBody</c> does.
/// </summary>
internal static class GoSyntax
{
    /// <summary>A bad value as <c>field.Invalid</c> prints it.</summary>
    public static string BadValue(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v => Scalar(v),
        _ => GoValue(value),
    };

    /// <summary><c>%#v</c> of a value decoded from JSON into <c>interface{}</c>.</summary>
    public static string GoValue(JsonNode? value) => value switch
    {
        null => "interface {}(nil)",
        JsonObject obj => "map[string]interface {}{" + string.Join(", ", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Quote(p.Key) + ":" + GoValue(p.Value))) + "}",
        JsonArray array => "[]interface {}{" + string.Join(", ", array.Select(GoValue)) + "}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v => Scalar(v),
        _ => value.ToJsonString(),
    };

    /// <summary><c>%#v</c> of a <c>[]string</c>.</summary>
    public static string StringSlice(IEnumerable<string> values) => "[]string{" + string.Join(", ", values.Select(Quote)) + "}";

    /// <summary>
    /// Go's <c>strconv.Quote</c>: escapes quotes, backslashes and the runes <c>unicode.IsPrint</c> calls
    /// unprintable, keeps the rest.
    /// </summary>
    public static string Quote(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is '"' or '\\')
            {
                result.Append('\\').Append((char)rune.Value);
            }
            else if (rune.IsBmp && ControlEscapes.Encode((char)rune.Value) is { } letter)
            {
                result.Append('\\').Append(letter);
            }
            else if (IsPrintable(rune))
            {
                result.Append(rune.ToString());
            }
            else
            {
                result.Append(rune.Value < 0x80 ? $"\\x{rune.Value:x2}" : rune.Value <= 0xFFFF ? $"\\u{rune.Value:x4}" : $"\\U{rune.Value:x8}");
            }
        }

        return result.Append('"').ToString();
    }

    // Integral JSON numbers decode to int64; others to float64, printed in Go's shortest %v form.
    private static string Scalar(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                var text = value.ToJsonString();
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? integer.ToString(CultureInfo.InvariantCulture)
                    : Float(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            default:
                return value.ToJsonString();
        }
    }

    // strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form when the exponent is < -4 or >= 6.
    private static string Float(double value)
    {
        if (double.IsInfinity(value) || double.IsNaN(value))
        {
            return double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }

        var scientific = value.ToString("E16", CultureInfo.InvariantCulture);
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = int.Parse(scientific[(scientific.IndexOf('E', StringComparison.Ordinal) + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= 6)
        {
            var digits = shortest.TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal);
            var mantissaEnd = digits.IndexOfAny(['E', 'e']);
            digits = (mantissaEnd >= 0 ? digits[..mantissaEnd] : digits).TrimStart('0').TrimEnd('0');
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return $"{(value < 0 ? "-" : string.Empty)}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        return shortest;
    }

    // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
}
