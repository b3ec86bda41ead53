using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// Drops the fields of a built-in object that its Go type does not declare, as decoding into the Go
/// struct does, and reports their paths (<c>spec.template.spec.containers[0].foo</c>) for strict field
/// validation.
/// </summary>
internal static class UndeclaredFields
{
    public static List<string> Remove(JsonObject obj, SchemaView schema)
    {
        var unknown = new List<string>();
        Visit(obj, schema, string.Empty, unknown);
        return unknown;
    }

    private static void Visit(JsonNode? node, SchemaView schema, string path, List<string> unknown)
    {
        if (schema.PreservesUnknownFields)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj when schema.HasProperties:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (schema.Property(key) is { } property)
                    {
                        Visit(obj[key], property, SchemaNode.Child(path, key), unknown);
                    }
                    else
                    {
                        unknown.Add(SchemaNode.Child(path, key));
                        obj.Remove(key);
                    }
                }

                break;
            case JsonObject map when schema.AdditionalProperties is { } values:
                foreach (var (key, value) in map.ToList())
                {
                    Visit(value, values, SchemaNode.Child(path, key), unknown);
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Visit(array[i], items, SchemaNode.Index(path, i), unknown);
                }

                break;
        }
    }
}
