using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.Operator.Json;

namespace NasAssistant.Operator.Validation;

/// <summary>
/// The API server's structural defaulting: a property's default applies when the property is absent
/// and its parent object exists; defaults are applied top-down, so nested defaults fill objects that
/// were themselves just defaulted, and they apply inside list items and map values alike.
/// </summary>
internal static class SchemaDefaults
{
    public static void Apply(JsonNode? node, V1JSONSchemaProps schema)
    {
        switch (node)
        {
            case JsonObject obj when schema.Properties is not null:
                foreach (var (name, property) in schema.Properties)
                {
                    if (!obj.ContainsKey(name) && property.DefaultProperty is not null)
                    {
                        obj[name] = OperatorJson.ToNode(property.DefaultProperty);
                    }

                    Apply(obj[name], property);
                }

                break;
            case JsonObject obj when schema.AdditionalProperties is V1JSONSchemaProps values:
                foreach (var (_, value) in obj)
                {
                    Apply(value, values);
                }

                break;
            case JsonArray array when schema.Items is V1JSONSchemaProps items:
                foreach (var item in array)
                {
                    Apply(item, items);
                }

                break;
        }
    }
}
