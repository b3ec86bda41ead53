using System.Text.Json;
using k8s.Models;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Rendering;

namespace NasAssistant.Operator.Crd;

/// <summary>
/// The CRD as committed in <c>crds/</c>, embedded at build time: what <c>operator crd</c> prints and what the operator
/// validates against, with no reflection (the Native AOT build has none to offer). <c>CrdGeneratorTests</c> keep the file
/// equal to what <see cref="CrdGenerator"/> generates from the API types.
/// </summary>
internal static class CommittedCrd
{
    private const string ResourceName = "AssistantDeploymentCrd.yaml";

    private static readonly Lazy<string> LazyText = new(() =>
    {
        using var stream = typeof(CommittedCrd).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the build embeds {ResourceName}, and this assembly lacks it");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<V1CustomResourceDefinition> LazyDefinition = new(() => Parse(Text));

    /// <summary>The committed file's text, byte for byte.</summary>
    public static string Text => LazyText.Value;

    /// <summary>The committed CRD as an object.</summary>
    public static V1CustomResourceDefinition Definition => LazyDefinition.Value;

    /// <summary>The AssistantDeployment schema of its one version.</summary>
    public static V1JSONSchemaProps Schema => Definition.Spec.Versions[0].Schema.OpenAPIV3Schema;

    /// <summary>A CRD's YAML as the typed model, every nested schema typed (the YAML loader of KubernetesClient reflects).</summary>
    public static V1CustomResourceDefinition Parse(string yaml)
    {
        var crd = OperatorJson.Deserialize<V1CustomResourceDefinition>(YamlDocuments.Parse(yaml).Single()!);
        TypeNestedSchemas(crd.Spec.Versions[0].Schema.OpenAPIV3Schema);
        return crd;
    }

    // The model types items and additionalProperties as object (each may also be an array or a boolean), so they arrive as
    // JSON; the validator walks schemas, as the generator builds them.
    private static void TypeNestedSchemas(V1JSONSchemaProps schema)
    {
        schema.Items = AsSchema(schema.Items);
        schema.AdditionalProperties = AsSchema(schema.AdditionalProperties);
        foreach (var child in (schema.Properties?.Values ?? []).Concat([schema.Items, schema.AdditionalProperties]).OfType<V1JSONSchemaProps>())
        {
            TypeNestedSchemas(child);
        }
    }

    private static object? AsSchema(object? value) =>
        value is JsonElement { ValueKind: JsonValueKind.Object } element ? OperatorJson.Deserialize<V1JSONSchemaProps>(element) : value;
}
