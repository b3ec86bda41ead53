using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Drops fields a structural schema does not declare (what the real server does to custom resources
/// unless <c>x-kubernetes-preserve-unknown-fields</c> is set) and reports their paths, so Strict field
/// validation can reject them and Warn can mention them.
/// </summary>
internal static class SchemaPruner
{
    private static readonly HashSet<string> RootFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    public static void PruneRoot(JsonObject obj, JsonObject schema, List<string> unknown) =>
        Prune(obj, schema, string.Empty, unknown, isRoot: true);

    /// <summary>Whether pruning would remove anything from the value (it is left untouched).</summary>
    public static bool HasUnknownFields(JsonNode? value, JsonObject schema, bool isResourceRoot)
    {
        var unknown = new List<string>();
        Prune(value?.DeepClone(), schema, string.Empty, unknown, isResourceRoot);
        return unknown.Count > 0;
    }

    private static void Prune(JsonNode? node, JsonObject schema, string path, List<string> unknown, bool isRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(obj, schema, path, unknown, isRoot);
                break;
            case JsonArray array when SchemaNode.Items(schema) is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, SchemaNode.Index(path, i), unknown, isRoot: false);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> unknown, bool isRoot)
    {
        var properties = SchemaNode.Properties(schema);
        var additional = SchemaNode.AdditionalProperties(schema);
        var keepUnknown = SchemaNode.PreservesUnknownFields(schema) || SchemaNode.AllowsAnyAdditional(schema);
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            // apiVersion, kind and metadata of a resource (the root or an embedded one) are not the schema's to prune.
            if ((isRoot || SchemaNode.Flag(schema, "x-kubernetes-embedded-resource")) && RootFields.Contains(key))
            {
                continue;
            }

            if (properties?[key] is JsonObject propertySchema)
            {
                Prune(obj[key], propertySchema, SchemaNode.Child(path, key), unknown, isRoot: false);
            }
            else if (additional is not null)
            {
                Prune(obj[key], additional, SchemaNode.Key(path, key), unknown, isRoot: false);
            }
            else if (!keepUnknown)
            {
                unknown.Add(SchemaNode.Child(path, key));
                obj.Remove(key);
            }
        }
    }
}
