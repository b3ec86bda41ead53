using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Named OpenAPI v3 schema definitions that reference each other with
/// <c>$ref: "#/components/schemas/NAME"</c>: the one representation that merges, field sets and the
/// OpenAPI documents walk, for built-in kinds (generated from the client models) and custom resources
/// (a CRD's <c>openAPIV3Schema</c> with the standard metadata) alike.
/// </summary>
internal sealed class SchemaSet
{
    public const string RefPrefix = "#/components/schemas/";

    private readonly IReadOnlyDictionary<string, JsonObject> _definitions;

    public SchemaSet(IReadOnlyDictionary<string, JsonObject> definitions) => _definitions = definitions;

    public IReadOnlyDictionary<string, JsonObject> Definitions => _definitions;

    public static JsonObject Ref(string definition) => new() { ["$ref"] = RefPrefix + definition };

    /// <summary>The named definition; it must exist.</summary>
    public SchemaView View(string definition) => new(this, _definitions[definition], _definitions[definition]);

    /// <summary>A schema node seen through its <c>$ref</c> (or an <c>allOf</c> of one reference).</summary>
    public SchemaView View(JsonObject node) => new(this, Resolve(node), node);

    public SchemaSet With(string definition, JsonObject schema)
    {
        var definitions = new Dictionary<string, JsonObject>(_definitions, StringComparer.Ordinal) { [definition] = schema };
        return new SchemaSet(definitions);
    }

    private JsonObject Resolve(JsonObject node)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            var reference = node["$ref"]?.GetValue<string>()
                ?? (node["allOf"] is JsonArray { Count: 1 } allOf ? allOf[0]?["$ref"]?.GetValue<string>() : null);
            if (reference is null || !reference.StartsWith(RefPrefix, StringComparison.Ordinal)
                || !_definitions.TryGetValue(reference[RefPrefix.Length..], out var target))
            {
                return node;
            }

            node = target;
        }

        return node;
    }
}
