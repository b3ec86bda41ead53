using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>
/// Encodes the swagger document as the gnostic <c>openapi.v2.Document</c> protocol buffer
/// (openapiv2/OpenAPIv2.proto), which is what client-go asks <c>/openapi/v2</c> for
/// (<c>application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>). Vendor extensions and
/// defaults travel as YAML text, as gnostic stores them; JSON is valid YAML.
/// </summary>
internal static class SwaggerProtobuf
{
    private static readonly Dictionary<string, int> Methods = new(StringComparer.Ordinal)
    {
        ["get"] = 2, ["put"] = 3, ["post"] = 4, ["delete"] = 5, ["options"] = 6, ["head"] = 7, ["patch"] = 8,
    };

    public static byte[] Encode(JsonObject document)
    {
        var writer = new ProtobufWriter();
        writer.String(1, Text(document, "swagger"));
        if (document["info"] is JsonObject info)
        {
            writer.Message(2, w =>
            {
                w.String(1, Text(info, "title"));
                w.String(2, Text(info, "version"));
            });
        }

        if (document["paths"] is JsonObject paths)
        {
            writer.Message(8, w =>
            {
                foreach (var (path, item) in paths)
                {
                    w.Message(2, named =>
                    {
                        named.String(1, path);
                        named.Message(2, p => PathItem(p, (JsonObject)item!));
                    });
                }
            });
        }

        if (document["definitions"] is JsonObject definitions)
        {
            writer.Message(9, w => NamedSchemas(w, definitions));
        }

        return writer.ToArray();
    }

    private static void PathItem(ProtobufWriter writer, JsonObject item)
    {
        foreach (var (method, operation) in item)
        {
            if (Methods.TryGetValue(method, out var field) && operation is JsonObject op)
            {
                writer.Message(field, w => Operation(w, op));
            }
        }
    }

    private static void Operation(ProtobufWriter writer, JsonObject operation)
    {
        Strings(writer, 1, operation["tags"]);
        writer.String(3, Text(operation, "description"));
        writer.String(5, Text(operation, "operationId"));
        Strings(writer, 6, operation["produces"]);
        Strings(writer, 7, operation["consumes"]);
        foreach (var parameter in (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>())
        {
            writer.Message(8, item => item.Message(1, p => Parameter(p, parameter)));
        }

        if (operation["responses"] is JsonObject responses)
        {
            writer.Message(9, w =>
            {
                foreach (var (code, response) in responses)
                {
                    w.Message(1, named =>
                    {
                        named.String(1, code);
                        named.Message(2, value => value.Message(1, r =>
                        {
                            r.String(1, Text((JsonObject)response!, "description"));
                            if (response!["schema"] is JsonObject schema)
                            {
                                r.Message(2, item => item.Message(1, s => Schema(s, schema)));
                            }
                        }));
                    });
                }
            });
        }

        VendorExtensions(writer, 13, operation);
    }

    private static void Parameter(ProtobufWriter writer, JsonObject parameter)
    {
        var location = Text(parameter, "in");
        if (location == "body")
        {
            writer.Message(1, body =>
            {
                body.String(1, Text(parameter, "description"));
                body.String(2, Text(parameter, "name"));
                body.String(3, location);
                body.Bool(4, Flag(parameter, "required"));
                if (parameter["schema"] is JsonObject schema)
                {
                    body.Message(5, s => Schema(s, schema));
                }
            });
            return;
        }

        // NonBodyParameter: query_parameter_sub_schema (3) or path_parameter_sub_schema (4).
        var isPath = location == "path";
        writer.Message(2, nonBody => nonBody.Message(isPath ? 4 : 3, p =>
        {
            p.Bool(1, Flag(parameter, "required"));
            p.String(2, location);
            p.String(3, Text(parameter, "description"));
            p.String(4, Text(parameter, "name"));
            p.String(isPath ? 5 : 6, Text(parameter, "type"));
            p.Bool(isPath ? 19 : 20, Flag(parameter, "uniqueItems"));
        }));
    }

    private static void NamedSchemas(ProtobufWriter writer, JsonObject schemas)
    {
        foreach (var (name, schema) in schemas)
        {
            writer.Message(1, named =>
            {
                named.String(1, name);
                named.Message(2, s => Schema(s, (JsonObject)schema!));
            });
        }
    }

    private static void Schema(ProtobufWriter writer, JsonObject schema)
    {
        writer.String(1, Text(schema, "$ref"));
        writer.String(2, Text(schema, "format"));
        writer.String(3, Text(schema, "title"));
        writer.String(4, Text(schema, "description"));
        if (schema["default"] is { } defaultValue)
        {
            writer.Message(5, any => any.String(2, Yaml(defaultValue)));
        }

        writer.Double(6, Number(schema, "multipleOf"));
        writer.Double(7, Number(schema, "maximum"));
        writer.Bool(8, Flag(schema, "exclusiveMaximum"));
        writer.Double(9, Number(schema, "minimum"));
        writer.Bool(10, Flag(schema, "exclusiveMinimum"));
        writer.Int64(11, (long)Number(schema, "maxLength"));
        writer.Int64(12, (long)Number(schema, "minLength"));
        writer.String(13, Text(schema, "pattern"));
        writer.Int64(14, (long)Number(schema, "maxItems"));
        writer.Int64(15, (long)Number(schema, "minItems"));
        writer.Bool(16, Flag(schema, "uniqueItems"));
        writer.Int64(17, (long)Number(schema, "maxProperties"));
        writer.Int64(18, (long)Number(schema, "minProperties"));
        Strings(writer, 19, schema["required"]);
        foreach (var value in schema["enum"] as JsonArray ?? [])
        {
            writer.Message(20, any => any.String(2, Yaml(value)));
        }

        switch (schema["additionalProperties"])
        {
            case JsonObject additional:
                writer.Message(21, item => item.Message(1, s => Schema(s, additional)));
                break;
            case JsonValue allowed when allowed.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                writer.Message(21, item => item.Bool(2, allowed.GetValue<bool>()));
                break;
        }

        if (Text(schema, "type") is { Length: > 0 } type)
        {
            writer.Message(22, item => item.String(1, type));
        }

        if (schema["items"] is JsonObject items)
        {
            writer.Message(23, item => item.Message(1, s => Schema(s, items)));
        }

        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            writer.Message(24, s => Schema(s, part));
        }

        if (schema["properties"] is JsonObject properties)
        {
            writer.Message(25, p => NamedSchemas(p, properties));
        }

        VendorExtensions(writer, 31, schema);
    }

    private static void VendorExtensions(ProtobufWriter writer, int field, JsonObject obj)
    {
        foreach (var (key, value) in obj)
        {
            if (key.StartsWith("x-", StringComparison.Ordinal))
            {
                writer.Message(field, named =>
                {
                    named.String(1, key);
                    named.Message(2, any => any.String(2, Yaml(value)));
                });
            }
        }
    }

    private static void Strings(ProtobufWriter writer, int field, JsonNode? values)
    {
        foreach (var value in values as JsonArray ?? [])
        {
            writer.String(field, value?.GetValue<string>());
        }
    }

    private static string Yaml(JsonNode? value) => (value?.ToJsonString() ?? "null") + "\n";

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool Flag(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static double Number(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : 0;
}
