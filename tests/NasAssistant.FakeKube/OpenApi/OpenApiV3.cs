using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>
/// The OpenAPI v3 documents: the <c>/openapi/v3</c> discovery index (one <c>serverRelativeURL</c> per
/// group-version, with a content hash as the real server adds) and the per-group-version documents
/// (k8s.io/kube-openapi pkg/handler3).
/// </summary>
internal static class OpenApiV3
{
    public static JsonObject Index(OpenApiModel model)
    {
        var paths = new JsonObject();
        foreach (var groupVersion in model.Resources.Select(r => r.GroupVersionPath).Distinct().Order(StringComparer.Ordinal))
        {
            var document = Document(model, groupVersion)!;
            paths[groupVersion] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{groupVersion}?hash={Hash(document)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group-version (e.g. <c>apis/apps/v1</c>), or null when none is served.</summary>
    public static JsonObject? Document(OpenApiModel model, string groupVersion)
    {
        var resources = model.Resources.Where(r => r.GroupVersionPath == groupVersion).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var operation in resources.SelectMany(ResourceOperations.For))
        {
            if (paths[operation.Path] is not JsonObject pathItem)
            {
                pathItem = new JsonObject();
                paths[operation.Path] = pathItem;
            }

            pathItem[operation.Method] = Operation(operation);
        }

        var roots = resources.SelectMany(r => new[] { r.Definition, r.ListDefinition }).Append(OpenApiModel.PatchDefinition).Append(OpenApiModel.StatusDefinition);
        var schemas = new JsonObject();
        foreach (var (name, schema) in model.Closure(roots))
        {
            schemas[name] = V3Schema(schema);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.35.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    public static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));

    private static JsonObject Operation(ResourceOperation operation)
    {
        var result = new JsonObject
        {
            ["tags"] = new JsonArray(operation.Resource.GroupVersionPath.Replace('/', '_')),
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
            ["parameters"] = new JsonArray(operation.Parameters.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["in"] = p.In,
                ["description"] = p.Description,
                ["required"] = p.Required ? true : null,
                ["schema"] = new JsonObject { ["type"] = p.Type, ["uniqueItems"] = p.In == "query" ? true : null },
            }).ToArray()),
        };
        if (operation.BodyDefinition is { } body)
        {
            var content = new JsonObject();
            foreach (var mediaType in operation.Consumes)
            {
                content[mediaType] = new JsonObject { ["schema"] = SchemaSet.Ref(body) };
            }

            result["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        result["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = SchemaSet.Ref(operation.ResponseDefinition) } },
            },
        };
        result["x-kubernetes-action"] = operation.Action;
        result["x-kubernetes-group-version-kind"] = new JsonObject
        {
            ["group"] = operation.Resource.Type.Group,
            ["kind"] = operation.Resource.Type.Kind,
            ["version"] = operation.Resource.Version,
        };
        JsonTrees.ForEachObject(result, obj =>
        {
            foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(key);
            }
        });
        return result;
    }

    // A reference with siblings (a field's description, default or extensions) becomes allOf, as in v3 documents.
    private static JsonObject V3Schema(JsonObject schema) => SchemaRewriter.Rewrite(schema, (_, value) => (true, value?.DeepClone()), copy =>
    {
        if (copy["$ref"] is JsonValue reference && copy.Count > 1)
        {
            copy.Remove("$ref");
            copy["allOf"] = new JsonArray(new JsonObject { ["$ref"] = reference.GetValue<string>() });
        }

        return copy;
    });
}
