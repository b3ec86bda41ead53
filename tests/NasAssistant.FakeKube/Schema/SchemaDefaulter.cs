using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Applies <c>default</c> values like the real server: a property's default is set when the property is
/// absent (or null and not nullable) and its parent object exists; defaults are then defaulted in turn.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject obj:
                if (SchemaNode.Properties(schema) is { } properties)
                {
                    foreach (var (key, value) in properties)
                    {
                        if (value is not JsonObject propertySchema)
                        {
                            continue;
                        }

                        var present = obj.TryGetPropertyValue(key, out var child);
                        if (present && child is null && !SchemaNode.Flag(propertySchema, "nullable"))
                        {
                            // Nulls of non-nullable fields are dropped before defaulting, as on the server.
                            obj.Remove(key);
                            present = false;
                        }

                        if (!present && propertySchema["default"] is { } defaultValue)
                        {
                            obj[key] = defaultValue.DeepClone();
                        }

                        if (obj[key] is { } nested)
                        {
                            Apply(nested, propertySchema);
                        }
                    }
                }

                if (SchemaNode.AdditionalProperties(schema) is { } additional)
                {
                    foreach (var (_, value) in obj.ToList())
                    {
                        Apply(value, additional);
                    }
                }

                break;
            case JsonArray array when SchemaNode.Items(schema) is { } items:
                foreach (var element in array)
                {
                    Apply(element, items);
                }

                break;
        }
    }
}
