using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// apiequality.Semantic.DeepEqual on JSON: like the forked reflect.DeepEqual it uses, an absent, null,
/// empty map or empty list field equals any other of those.
/// </summary>
internal static class Semantic
{
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (IsEmpty(a) || IsEmpty(b))
        {
            return IsEmpty(a) && IsEmpty(b);
        }

        return (a, b) switch
        {
            (JsonObject x, JsonObject y) => x.Select(p => p.Key).Concat(y.Select(p => p.Key)).Distinct(StringComparer.Ordinal).All(k => Equal(x[k], y[k])),
            (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Equal(p.First, p.Second)),
            _ => JsonNode.DeepEquals(a, b),
        };
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject map => map.Count == 0,
        JsonArray list => list.Count == 0,
        _ => false,
    };
}
