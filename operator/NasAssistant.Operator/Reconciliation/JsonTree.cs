using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>The comparison the apply helper makes on objects' JSON form.</summary>
internal static class JsonTree
{
    /// <summary>
    /// Whether <paramref name="actual"/> already holds every field of <paramref name="desired"/>.
    /// Extra fields in actual (set by the API server or other controllers) do not count; lists must
    /// match item by item, since the operator owns a list it sets as a whole.
    /// </summary>
    public static bool Contains(JsonNode? actual, JsonNode? desired) => (actual, desired) switch
    {
        (_, null) => true,
        (JsonObject a, JsonObject d) => d.All(p => a.TryGetPropertyValue(p.Key, out var value) ? Contains(value, p.Value) : p.Value is null),
        (JsonArray a, JsonArray d) => a.Count == d.Count && a.Zip(d).All(pair => Contains(pair.First, pair.Second)),
        (JsonValue a, JsonValue d) => ScalarEquals(a, d),
        _ => false,
    };

    // 2 and 2.0, or "2" written by another client as a number, are the same value to the API server.
    private static bool ScalarEquals(JsonValue a, JsonValue d)
    {
        if (a.GetValueKind() == JsonValueKind.Number && d.GetValueKind() == JsonValueKind.Number)
        {
            return double.Parse(a.ToJsonString(), CultureInfo.InvariantCulture) == double.Parse(d.ToJsonString(), CultureInfo.InvariantCulture);
        }

        return a.ToJsonString() == d.ToJsonString();
    }
}
