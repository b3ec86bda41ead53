using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary><c>.*</c> or <c>[*]</c>: every value of a map or element of a list (evalWildcard).</summary>
internal sealed record WildcardStep : IJsonPathStep
{
    public List<JsonNode?> Apply(List<JsonNode?> input) => [.. input.SelectMany(Children)];

    public static IEnumerable<JsonNode?> Children(JsonNode? value) => value switch
    {
        JsonObject map => map.Select(p => p.Value),
        JsonArray list => list,
        _ => [],
    };
}
