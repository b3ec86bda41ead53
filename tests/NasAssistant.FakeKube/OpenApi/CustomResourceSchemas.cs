using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.BuiltIn;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>
/// The published schema of a custom resource: the CRD version's <c>openAPIV3Schema</c> with the standard
/// apiVersion, kind and ObjectMeta metadata and its group-version-kind, as apiextensions-apiserver's
/// OpenAPI builder publishes it (pkg/controller/openapi/builder/builder.go). The same schema drives merges.
/// </summary>
internal static class CustomResourceSchemas
{
    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static readonly ConditionalWeakTable<CompiledSchema, SchemaSet> MergeSets = new();

    /// <summary>The definition name the builder gives a kind: the group reversed, then version and kind.</summary>
    public static string DefinitionName(string group, string version, string kind) =>
        $"{string.Join('.', group.Split('.').Reverse())}.{version}.{kind}";

    /// <summary>The schema set a custom resource's merges walk: the built-in definitions plus the resource.</summary>
    public static SchemaView MergeView(ResourceType type, string version, CompiledSchema schema)
    {
        var name = DefinitionName(type.Group, version, type.Kind);
        var set = MergeSets.GetValue(schema, s => BuiltInSchemas.Structural.With(name, Publish(type, version, s.Root)));
        return set.View(name);
    }

    /// <summary>The definition of a custom resource kind as published in the OpenAPI documents.</summary>
    public static JsonObject Publish(ResourceType type, string version, JsonObject openApiV3Schema)
    {
        var root = (JsonObject)openApiV3Schema.DeepClone();
        root["type"] ??= "object";
        if (root["properties"] is not JsonObject properties)
        {
            properties = new JsonObject();
            root["properties"] = properties;
        }

        properties["apiVersion"] = new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
            ["type"] = "string",
        };
        properties["kind"] = new JsonObject
        {
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
            ["type"] = "string",
        };
        var metadata = SchemaSet.Ref(ObjectMeta);
        metadata["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
        properties["metadata"] = metadata;
        root["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
        {
            ["group"] = type.Group,
            ["kind"] = type.Kind,
            ["version"] = version,
        });
        return root;
    }

    /// <summary>The <c>{Kind}List</c> definition published beside a custom resource kind.</summary>
    public static JsonObject PublishList(ResourceType type, string version, string itemDefinition) => new()
    {
        ["description"] = $"{type.Kind}List is a list of {type.Kind}",
        ["type"] = "object",
        ["required"] = new JsonArray("items"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["items"] = new JsonObject
            {
                ["description"] = $"List of {type.Plural.ToLowerInvariant()}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md",
                ["type"] = "array",
                ["items"] = SchemaSet.Ref(itemDefinition),
            },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = SchemaSet.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"),
        },
        ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
        {
            ["group"] = type.Group,
            ["kind"] = type.ListKind,
            ["version"] = version,
        }),
    };
}
