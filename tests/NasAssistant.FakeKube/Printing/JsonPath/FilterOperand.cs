using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary>One side of a filter: a path relative to the element (<c>@.type</c>) or a literal.</summary>
internal sealed record FilterOperand(IReadOnlyList<IJsonPathStep>? Path, JsonNode? Literal)
{
    public List<JsonNode?> Evaluate(JsonNode? element) =>
        Path is null ? [Literal] : JsonPathTemplate.Walk(Path, [element]);
}
