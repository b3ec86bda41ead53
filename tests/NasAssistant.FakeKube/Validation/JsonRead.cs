using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// Tolerant readers for objects held as JSON, for the validators, admission and the simulated
/// controllers alike: a field of the wrong JSON type reads as absent, as only values their Go types
/// could have held matter.
/// </summary>
internal static class JsonRead
{
    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    /// <summary>The string value, or empty when absent or not a string (Go's zero value).</summary>
    public static string Text(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : string.Empty;

    public static string? OptionalText(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;

    /// <summary>An integer written without fraction or exponent, as a Go integer field decodes it; null otherwise.</summary>
    public static long? Long(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number &&
            long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return null;
    }

    /// <summary>Any whole number, also one written as <c>3.0</c> or <c>1e3</c>; null otherwise.</summary>
    public static long? Integer(JsonNode? node) => node is not null && SchemaNode.IsInteger(node) ? SchemaNode.Long(node) : null;

    public static bool? Bool(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? v.GetValueKind() == JsonValueKind.True
        : null;

    public static JsonObject? Object(JsonNode? node) => node as JsonObject;

    public static IReadOnlyList<JsonObject> Objects(JsonNode? node) => node is JsonArray items ? items.OfType<JsonObject>().ToList() : [];

    public static IReadOnlyList<string> Strings(JsonNode? node) => node is JsonArray items ? items.Select(Text).ToList() : [];

    /// <summary>A metav1.Time (RFC 3339), or null.</summary>
    public static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(OptionalText(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>A <c>map[string]string</c> with its keys in ordinal order (Go's map order is random; the fake's is stable).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Map(JsonNode? node) =>
        node is JsonObject map
            ? map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, Text(e.Value))).ToList()
            : [];

    /// <summary>Whether a list or map field holds at least one entry (Go's <c>len(x) &gt; 0</c>).</summary>
    public static bool HasEntries(JsonNode? node) => node switch
    {
        JsonArray items => items.Count > 0,
        JsonObject map => map.Count > 0,
        _ => false,
    };
}
