using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>
/// The swagger 2.0 document at <c>/openapi/v2</c>: every published definition (with
/// <c>x-kubernetes-group-version-kind</c> and the patch metadata kubectl's strategic merge patch reads)
/// and the resource paths.
/// </summary>
internal static class OpenApiV2
{
    private const string DefinitionsPrefix = "#/definitions/";

    public static JsonObject Document(OpenApiModel model)
    {
        var paths = new JsonObject();
        foreach (var operation in model.Resources.SelectMany(ResourceOperations.For))
        {
            if (paths[operation.Path] is not JsonObject pathItem)
            {
                pathItem = new JsonObject();
                paths[operation.Path] = pathItem;
            }

            pathItem[operation.Method] = Operation(operation);
        }

        var definitions = new JsonObject();
        foreach (var (name, schema) in model.Definitions)
        {
            definitions[name] = V2Schema(schema);
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.35.0" },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    private static JsonObject Operation(ResourceOperation operation)
    {
        var parameters = new JsonArray();
        foreach (var parameter in operation.Parameters)
        {
            var item = new JsonObject
            {
                ["name"] = parameter.Name,
                ["in"] = parameter.In,
                ["description"] = parameter.Description,
                ["type"] = parameter.Type,
            };
            if (parameter.Required)
            {
                item["required"] = true;
            }
            else if (parameter.In == "query")
            {
                item["uniqueItems"] = true;
            }

            parameters.Add(item);
        }

        if (operation.BodyDefinition is { } body)
        {
            parameters.Add(new JsonObject { ["name"] = "body", ["in"] = "body", ["required"] = true, ["schema"] = new JsonObject { ["$ref"] = DefinitionsPrefix + body } });
        }

        var result = new JsonObject
        {
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
            ["consumes"] = new JsonArray(operation.Consumes.Select(c => (JsonNode?)c).ToArray()),
            ["produces"] = new JsonArray("application/json"),
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK", ["schema"] = new JsonObject { ["$ref"] = DefinitionsPrefix + operation.ResponseDefinition } },
            },
            ["x-kubernetes-action"] = operation.Action,
            ["x-kubernetes-group-version-kind"] = new JsonObject
            {
                ["group"] = operation.Resource.Type.Group,
                ["kind"] = operation.Resource.Type.Kind,
                ["version"] = operation.Resource.Version,
            },
        };
        return result;
    }

    // Swagger 2.0 has no nullable, oneOf/anyOf/not or validation rules; the real server's CRD schemas lose
    // them on the way to v2 as well (ToStructuralOpenAPIV2).
    private static JsonObject V2Schema(JsonObject schema) => SchemaRewriter.Rewrite(schema, (key, value) => key switch
    {
        "nullable" or "oneOf" or "anyOf" or "not" or "x-kubernetes-validations" => (false, null),
        "$ref" when value is JsonValue reference => (true, reference.GetValue<string>().Replace(SchemaSet.RefPrefix, DefinitionsPrefix, StringComparison.Ordinal)),
        _ => (true, value?.DeepClone()),
    });
}
