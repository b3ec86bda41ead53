using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// One schema node of a <see cref="SchemaSet"/>: <paramref name="Node"/> is the resolved definition,
/// <paramref name="Raw"/> the referencing node, whose sibling extensions (a field's patch strategy) win.
/// </summary>
internal readonly record struct SchemaView(SchemaSet Set, JsonObject Node, JsonObject Raw)
{
    public string Type => Node["type"]?.GetValue<string>() ?? string.Empty;

    public JsonObject? Properties => Node["properties"] as JsonObject;

    public bool HasProperties => Properties is { Count: > 0 };

    /// <summary>The raw (unresolved) schema of a property, which carries its own default and description.</summary>
    public JsonObject? PropertyNode(string name) => Properties?[name] as JsonObject;

    public SchemaView? Property(string name) => PropertyNode(name) is { } node ? Set.View(node) : null;

    public SchemaView? Items => Node["items"] is JsonObject items ? Set.View(items) : null;

    /// <summary>The schema of map values; null when additionalProperties is absent or a boolean.</summary>
    public SchemaView? AdditionalProperties => Node["additionalProperties"] is JsonObject additional ? Set.View(additional) : null;

    /// <summary>additionalProperties present: true, false, or a schema (which counts as allowed).</summary>
    public bool? AdditionalPropertiesAllowed => Node["additionalProperties"] switch
    {
        null => null,
        JsonObject => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        _ => false,
    };

    public string? ListType => Text("x-kubernetes-list-type");

    public IReadOnlyList<string> ListMapKeys =>
        Extension("x-kubernetes-list-map-keys") is JsonArray keys ? keys.Select(k => k!.GetValue<string>()).ToList() : [];

    public string? MapType => Text("x-kubernetes-map-type");

    public string? PatchStrategy => Text("x-kubernetes-patch-strategy");

    public string? PatchMergeKey => Text("x-kubernetes-patch-merge-key");

    public bool PreservesUnknownFields => Flag("x-kubernetes-preserve-unknown-fields");

    private JsonNode? Extension(string name) => Raw[name] ?? Node[name];

    private string? Text(string name) => Extension(name) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private bool Flag(string name) => Extension(name) is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
