using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>Reads of optional fields of objects held as JSON: absent or mistyped reads as null or empty.</summary>
internal static class JsonFields
{
    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Integer(JsonNode? node) => node is not null && SchemaNode.IsInteger(node) ? SchemaNode.Long(node) : null;

    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(JsonNode? node) => node is JsonArray array ? array.Select(String).OfType<string>() : [];

    /// <summary>A metav1.Time (RFC 3339), or null.</summary>
    public static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(String(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>The object at <paramref name="field"/>, created empty when missing.</summary>
    public static JsonObject Child(JsonObject parent, string field)
    {
        if (parent[field] is not JsonObject child)
        {
            child = new JsonObject();
            parent[field] = child;
        }

        return child;
    }
}
