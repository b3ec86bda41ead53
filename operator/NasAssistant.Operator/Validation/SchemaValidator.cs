using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace NasAssistant.Operator.Validation;

/// <summary>
/// Checks a JSON document against a structural OpenAPI v3 schema the way the API server does for a
/// CRD with strict field validation: types, unknown fields, required fields, enums, bounds, lengths
/// and patterns. Every error is collected; nothing stops at the first.
/// </summary>
internal static class SchemaValidator
{
    public static void Validate(JsonNode? node, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        if (schema.XKubernetesPreserveUnknownFields == true && schema.Type is "object" or null && node is JsonObject)
        {
            return;
        }

        if (schema.XKubernetesIntOrString == true)
        {
            ValidateIntOrString(node, schema, path, errors);
            return;
        }

        if (!HasType(node, schema.Type))
        {
            errors.Add(new(path, $"Invalid value: \"{TypeName(node)}\": {path} in body must be of type {schema.Type}: \"{TypeName(node)}\""));
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, errors);
                break;
            case JsonValue value:
                ValidateScalar(value, schema, path, errors);
                break;
        }
    }

    private static void ValidateObject(JsonObject obj, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        foreach (var required in schema.Required ?? [])
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add(new(Join(path, required), "Required value"));
            }
        }

        foreach (var (key, value) in obj)
        {
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var property))
            {
                Validate(value, property, Join(path, key), errors);
            }
            else if (schema.AdditionalProperties is V1JSONSchemaProps additional)
            {
                Validate(value, additional, Join(path, key), errors);
            }
            else if (schema.XKubernetesPreserveUnknownFields != true)
            {
                errors.Add(new(Join(path, key), "unknown field"));
            }
        }
    }

    private static void ValidateArray(JsonArray array, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(new(path, $"Invalid value: {array.Count}: {path} in body should have at least {min} items"));
        }

        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(new(path, $"Too many: {array.Count}: must have at most {max} items"));
        }

        if (schema.Items is V1JSONSchemaProps items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, $"{path}[{i}]", errors);
            }
        }

        // A list of type map holds each key once (listtype.ValidateListSetsAndMaps), the duplicate named by its keys
        // as Go prints a map[string]interface{}.
        if (schema.XKubernetesListType == "map" && schema.XKubernetesListMapKeys is { Count: > 0 } keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject item)
                {
                    var key = "map[string]interface {}{" + string.Join(", ", keys.Where(item.ContainsKey).Order(StringComparer.Ordinal)
                        .Select(k => $"{JsonSerializer.Serialize(k, Json.OperatorJsonContext.Default.String)}:{item[k]?.ToJsonString()}")) + "}";
                    if (!seen.Add(key))
                    {
                        errors.Add(new($"{path}[{i}]", $"Duplicate value: {key}"));
                    }
                }
            }
        }
    }

    private static void ValidateScalar(JsonValue value, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        if (schema.EnumProperty is { Count: > 0 } allowed && !allowed.Any(a => Equals(a?.ToString(), Text(value))))
        {
            var supported = string.Join(", ", allowed.Select(a => $"\"{a}\""));
            errors.Add(new(path, $"Unsupported value: {Show(value)}: supported values: {supported}"));
            return;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = Number(value);
            if (schema.Minimum is { } minimum && number < minimum)
            {
                errors.Add(new(path, $"Invalid value: {Show(value)}: {path} in body should be greater than or equal to {Show(minimum)}"));
            }

            if (schema.Maximum is { } maximum && number > maximum)
            {
                errors.Add(new(path, $"Invalid value: {Show(value)}: {path} in body should be less than or equal to {Show(maximum)}"));
            }
        }
        else if (value.GetValueKind() == JsonValueKind.String)
        {
            ValidateString(value.GetValue<string>(), schema, path, errors);
        }
    }

    private static void ValidateString(string text, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        if (schema.MinLength is { } minLength && text.Length < minLength)
        {
            errors.Add(new(path, $"Invalid value: \"{text}\": {path} in body should be at least {minLength} chars long"));
        }

        if (schema.MaxLength is { } maxLength && text.Length > maxLength)
        {
            errors.Add(new(path, $"Invalid value: \"{text}\": {path} in body should be at most {maxLength} chars long"));
        }

        if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add(new(path, $"Invalid value: \"{text}\": {path} in body should match '{pattern}'"));
        }

        if (schema.Format == "date-time" && !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            errors.Add(new(path, $"Invalid value: \"{text}\": must be a date-time (RFC 3339)"));
        }
    }

    private static void ValidateIntOrString(JsonNode? node, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            ValidateString(value.GetValue<string>(), schema, path, errors);
        }
        else if (!HasType(node, "integer"))
        {
            errors.Add(new(path, $"Invalid value: \"{TypeName(node)}\": {path} in body must be of type integer or string: \"{TypeName(node)}\""));
        }
    }

    private static bool HasType(JsonNode? node, string? type) => type switch
    {
        null => true,
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && double.IsInteger(Number(v)),
        _ => false,
    };

    // Values parsed from YAML hold long or double, values from JSON hold a JsonElement: read the text.
    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static string? Text(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private static string Show(double number) => number.ToString(CultureInfo.InvariantCulture);

    // JSON type names as the API server reports them ("string", "integer", "object", ...).
    private static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValue v when double.IsInteger(Number(v)) => "integer",
        _ => "number",
    };

    private static string Show(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "\"object\"",
        JsonArray => "\"array\"",
        _ => node.ToJsonString(),
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
