using System.Reflection;
using System.Text.Json.Nodes;
using k8s.Models;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// The schemas of the built-in kinds the fake serves: <see cref="Structural"/> (for merges and field
/// sets; built once per process) and <see cref="Published"/> (with descriptions, for the OpenAPI
/// documents; built on the first OpenAPI request).
/// </summary>
internal static class BuiltInSchemas
{
    private static readonly Type[] Kinds =
    [
        typeof(V1Namespace), typeof(V1ConfigMap), typeof(V1Secret), typeof(V1Service), typeof(V1PersistentVolumeClaim),
        typeof(Corev1Event), typeof(V1Pod), typeof(V1ServiceAccount), typeof(V1Deployment), typeof(V1StatefulSet),
        typeof(V1NetworkPolicy), typeof(V2HorizontalPodAutoscaler), typeof(V1PodDisruptionBudget), typeof(V1Lease),
        typeof(V1Role), typeof(V1RoleBinding),
        typeof(Eventsv1Event), typeof(V1CustomResourceDefinition), typeof(V1Scale),
    ];

    private static readonly Lazy<SchemaSet> StructuralSet = new(() => Build(ModelDescriptions.Empty));

    private static readonly Lazy<SchemaSet> PublishedSet = new(() => Build(ModelDescriptions.Load(ModelSchemaGenerator.Reachable(Roots))));

    private static readonly Lazy<Dictionary<GroupVersionKind, string>> ByKind = new(IndexKinds);

    public static SchemaSet Structural => StructuralSet.Value;

    public static SchemaSet Published => PublishedSet.Value;

    /// <summary>The definition name of a built-in kind, e.g. <c>io.k8s.api.apps.v1.Deployment</c>.</summary>
    public static string? DefinitionOf(string group, string version, string kind) =>
        ByKind.Value.GetValueOrDefault(new GroupVersionKind(group, version, kind));

    private static IEnumerable<Type> Roots => Kinds.Concat(Kinds.Select(ListTypeOf).OfType<Type>());

    private static Type? ListTypeOf(Type kind) => kind.Assembly.GetType($"{kind.FullName}List");

    private static SchemaSet Build(ModelDescriptions descriptions)
    {
        var tags = MetaV1Tags.All.Concat(CoreV1Tags.All).Concat(GroupTags.All).Concat(ApiextensionsV1Tags.All)
            .ToDictionary(t => t.Definition, StringComparer.Ordinal);
        return new SchemaSet(ModelSchemaGenerator.Generate(Roots, tags, descriptions));
    }

    private static Dictionary<GroupVersionKind, string> IndexKinds()
    {
        var index = new Dictionary<GroupVersionKind, string>();
        foreach (var type in Roots)
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
            {
                index[new GroupVersionKind(entity.Group, entity.ApiVersion, entity.Kind)] = ModelDefinitionNames.For(type);
            }
        }

        return index;
    }

    /// <summary>Removes the fake's internal annotations before a schema is published.</summary>
    public static JsonObject WithoutInternalExtensions(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        JsonTrees.ForEachObject(copy, obj => obj.Remove(ModelSchemaGenerator.GoZeroExtension));
        return copy;
    }
}
