using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.BuiltIn;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// The real field manager compares typed Go objects, in which non-pointer structs are always present
/// (as <c>{}</c>) and slices, maps and pointers without omitempty are present as null. These helpers give
/// a built-in object that shape before field sets are computed, and take it away again before storing.
/// </summary>
internal static class GoZeroValues
{
    public static JsonNode? Fill(JsonNode? value, SchemaView? schema)
    {
        var copy = value?.DeepClone();
        if (schema is { } view)
        {
            Visit(copy, view, fill: true);
        }

        return copy;
    }

    public static void Strip(JsonNode? value, SchemaView? schema)
    {
        if (schema is { } view)
        {
            Visit(value, view, fill: false);
        }
    }

    private static void Visit(JsonNode? value, SchemaView schema, bool fill)
    {
        switch (value)
        {
            case JsonObject obj when schema.Properties is { } properties:
                foreach (var (name, node) in properties)
                {
                    var zero = node?[ModelSchemaGenerator.GoZeroExtension]?.GetValue<string>();
                    var present = obj.TryGetPropertyValue(name, out var child);
                    if (fill && !present && zero is not null)
                    {
                        obj[name] = zero == "object" ? new JsonObject() : null;
                        child = obj[name];
                        present = true;
                    }

                    if (present && child is not null && schema.Property(name) is { } childSchema)
                    {
                        Visit(child, childSchema, fill);
                    }

                    if (!fill && present && ((zero == "object" && child is JsonObject { Count: 0 }) || (zero == "null" && child is null)))
                    {
                        obj.Remove(name);
                    }
                }

                break;
            case JsonObject map when schema.AdditionalProperties is { } values:
                foreach (var (_, child) in map)
                {
                    Visit(child, values, fill);
                }

                break;
            case JsonArray list when schema.Items is { } items:
                foreach (var item in list)
                {
                    Visit(item, items, fill);
                }

                break;
        }
    }
}
