using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema.Cel;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Turns JSON into the CLR values the Cel library evaluates: objects become string-keyed dictionaries
/// (so <c>self.field</c> and <c>has(self.field)</c> work), arrays lists, integers <c>long</c>, numbers
/// <c>double</c>. The schema decides int vs double, as Kubernetes' CEL typing does.
/// </summary>
internal static class CelValueConverter
{
    public static object? ToCel(JsonNode? node, JsonObject? schema)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                {
                    var properties = schema is null ? null : SchemaNode.Properties(schema);
                    var additional = schema is null ? null : SchemaNode.AdditionalProperties(schema);
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (key, value) in obj)
                    {
                        // Declared properties are reached by their escaped CEL names (my-field as my__dash__field).
                        var property = properties?[key] as JsonObject;
                        map[property is null ? key : CelFieldNames.Escape(key) ?? key] = ToCel(value, property ?? additional);
                    }

                    return map;
                }

            case JsonArray array:
                {
                    var items = schema is null ? null : SchemaNode.Items(schema);
                    return array.Select(e => ToCel(e, items)).ToList();
                }

            default:
                if (SchemaNode.IsString(node))
                {
                    return node.GetValue<string>();
                }

                if (SchemaNode.IsBoolean(node))
                {
                    return node.GetValue<bool>();
                }

                var type = schema is null ? null : SchemaNode.Type(schema);
                return type != "number" && SchemaNode.IsInteger(node) ? SchemaNode.Long(node) : SchemaNode.Double(node);
        }
    }
}
