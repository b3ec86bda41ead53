using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>Typed reads of an OpenAPI v3 schema node and of JSON values it describes.</summary>
internal static class SchemaNode
{
    public static string? Type(JsonObject schema) => schema["type"]?.GetValue<string>();

    public static JsonObject? Properties(JsonObject schema) => schema["properties"] as JsonObject;

    public static JsonObject? Items(JsonObject schema) => schema["items"] as JsonObject;

    /// <summary>The schema for map values, or null when additionalProperties is absent/false/true.</summary>
    public static JsonObject? AdditionalProperties(JsonObject schema) => schema["additionalProperties"] as JsonObject;

    public static bool AllowsAnyAdditional(JsonObject schema) =>
        schema["additionalProperties"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static bool Flag(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static bool PreservesUnknownFields(JsonObject schema) =>
        Flag(schema, "x-kubernetes-preserve-unknown-fields") || Flag(schema, "x-kubernetes-embedded-resource");

    public static bool IsIntOrString(JsonObject schema) => Flag(schema, "x-kubernetes-int-or-string");

    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsBoolean(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public static double Double(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool IsInteger(JsonNode? node)
    {
        if (!IsNumber(node))
        {
            return false;
        }

        var text = node!.ToJsonString();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18);
    }

    public static long Long(JsonNode node) =>
        long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : (long)Double(node);

    /// <summary>The JSON type name the real server reports in type errors ("string", "object", ...).</summary>
    public static string JsonTypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ when IsString(node) => "string",
        _ when IsInteger(node) => "integer",
        _ when IsNumber(node) => "number",
        _ when IsBoolean(node) => "boolean",
        _ => "unknown",
    };

    public static string Child(string path, string property) => path.Length == 0 ? property : $"{path}.{property}";

    public static string Index(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    public static string Key(string path, string key) => $"{path}[{key}]";
}
