using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>ValidatePositiveIntOrPercent and IsNotMoreThan100Percent (pkg/apis/apps/validation/validation.go).</summary>
internal static class IntOrPercent
{
    public static IEnumerable<FieldError> Positive(JsonNode? value, FieldPath path)
    {
        if (JsonRead.IsString(value))
        {
            return Names.Percent(JsonRead.Text(value)).Select(m => FieldError.Invalid(path, GoValue.IntOrString(value), m));
        }

        return Checks.NonNegative(path, JsonRead.Long(value));
    }

    public static IEnumerable<FieldError> NotMoreThan100Percent(JsonNode? value, FieldPath path) =>
        Percent(value) is > 100 ? [FieldError.Invalid(path, GoValue.IntOrString(value), "must not be greater than 100%")] : [];

    /// <summary>getIntOrPercentValue: the percentage, or the integer (a non-numeric string counts as 0).</summary>
    public static long Value(JsonNode? value)
    {
        if (Percent(value) is { } percent)
        {
            return percent;
        }

        return JsonRead.IsString(value)
            ? long.TryParse(JsonRead.Text(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0
            : JsonRead.Long(value) ?? 0;
    }

    private static long? Percent(JsonNode? value)
    {
        var text = JsonRead.Text(value);
        return JsonRead.IsString(value) && Names.Percent(text).Count == 0 &&
            long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            ? percent
            : null;
    }
}
