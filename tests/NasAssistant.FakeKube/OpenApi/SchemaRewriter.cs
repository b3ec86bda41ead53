using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>
/// Copies a schema, visiting only its subschemas (properties, items, additionalProperties, allOf…), so
/// that field names such as <c>$ref</c> or <c>nullable</c> inside <c>properties</c> are never mistaken
/// for keywords.
/// </summary>
internal static class SchemaRewriter
{
    /// <summary>
    /// Copies <paramref name="schema"/>; <paramref name="keyword"/> may rewrite or drop (null) each
    /// keyword value of each schema object, and <paramref name="finish"/> may reshape each copied schema.
    /// </summary>
    public static JsonObject Rewrite(JsonObject schema, Func<string, JsonNode?, (bool Keep, JsonNode? Value)> keyword, Func<JsonObject, JsonObject>? finish = null)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "properties" or "patternProperties" when value is JsonObject map:
                    var properties = new JsonObject();
                    foreach (var (name, child) in map)
                    {
                        properties[name] = child is JsonObject childSchema ? Rewrite(childSchema, keyword, finish) : child?.DeepClone();
                    }

                    copy[key] = properties;
                    break;
                case "items" or "additionalProperties" or "not" when value is JsonObject child:
                    var (keepChild, _) = keyword(key, value);
                    if (keepChild)
                    {
                        copy[key] = Rewrite(child, keyword, finish);
                    }

                    break;
                case "allOf" or "oneOf" or "anyOf" when value is JsonArray array:
                    var (keepList, _) = keyword(key, value);
                    if (keepList)
                    {
                        copy[key] = new JsonArray(array.Select(i => i is JsonObject o ? Rewrite(o, keyword, finish) : i?.DeepClone()).ToArray());
                    }

                    break;
                default:
                    var (keep, rewritten) = keyword(key, value);
                    if (keep)
                    {
                        copy[key] = rewritten;
                    }

                    break;
            }
        }

        return finish is null ? copy : finish(copy);
    }

    /// <summary>Every definition name referenced inside <paramref name="schema"/>.</summary>
    public static IEnumerable<string> References(JsonObject schema, string prefix)
    {
        var found = new List<string>();
        Rewrite(schema, (key, value) =>
        {
            if (key == "$ref" && value is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(target[prefix.Length..]);
            }

            return (true, null);
        });
        return found;
    }
}
