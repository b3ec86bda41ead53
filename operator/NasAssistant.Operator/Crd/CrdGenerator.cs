using System.Diagnostics.CodeAnalysis;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Crd;

/// <summary>Builds the AssistantDeployment CustomResourceDefinition from the API types.</summary>
internal static class CrdGenerator
{
    /// <summary>
    /// Why generation is not trimming-safe. It runs in the tests, which regenerate <c>crds/</c> with <c>UPDATE_CRD=1</c>
    /// and fail while the committed file differs; the operator itself prints and validates with <see cref="CommittedCrd"/>.
    /// </summary>
    public const string Reflects = "Generates the CRD by reflection over the API types and their XML documentation files; the operator uses the committed CRD.";

    /// <summary>Name of the CRD object.</summary>
    public const string Name = AssistantDeployment.Plural + "." + AssistantDeployment.Group;

    [RequiresUnreferencedCode(CrdGenerator.Reflects)]
    [RequiresDynamicCode(CrdGenerator.Reflects)]
    [RequiresAssemblyFiles(CrdGenerator.Reflects)]
    public static V1CustomResourceDefinition Build()
    {
        var generator = new SchemaGenerator(
            XmlDocumentation.For(typeof(AssistantDeployment).Assembly),
            XmlDocumentation.For(typeof(V1Condition).Assembly));
        var root = new V1JSONSchemaProps
        {
            Type = "object",
            Description = generator.Describe(typeof(AssistantDeployment)),
            Properties = new Dictionary<string, V1JSONSchemaProps>
            {
                ["apiVersion"] = new() { Type = "string", Description = "APIVersion defines the versioned schema of this representation of an object." },
                ["kind"] = new() { Type = "string", Description = "Kind is a string value representing the REST resource this object represents." },
                ["metadata"] = new() { Type = "object" },
                ["spec"] = generator.ForType(typeof(AssistantDeploymentSpec), "Desired state of the assistant."),
                ["status"] = generator.ForType(typeof(AssistantDeploymentStatus), "Observed state of the assistant, written by the operator."),
            },
        };

        // An omitted spec is defaulted as a whole, like every nested object, so `spec: {}` is a valid assistant.
        root.Properties["spec"].DefaultProperty = SchemaGenerator.ToJson(new AssistantDeploymentSpec());

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = Name,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = Naming.ProductName },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = AssistantDeployment.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = AssistantDeployment.KindName,
                    ListKind = AssistantDeployment.KindName + "List",
                    Plural = AssistantDeployment.Plural,
                    Singular = "assistantdeployment",
                    ShortNames = ["asd"],
                    Categories = [Naming.ProductName],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = AssistantDeployment.Version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = root },
                        Subresources = new V1CustomResourceSubresources
                        {
                            Status = new object(),
                            Scale = new V1CustomResourceSubresourceScale
                            {
                                SpecReplicasPath = ".spec.replicas",
                                StatusReplicasPath = ".status.replicas",
                                LabelSelectorPath = ".status.selector",
                            },
                        },
                        AdditionalPrinterColumns =
                        [
                            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether the assistant serves requests."),
                            Column("Replicas", "integer", ".status.readyReplicas", "Ready inference pods."),
                            Column("Model", "string", ".spec.model.name", "Model name clients use."),
                            Column("Endpoint", "string", ".status.endpoint", "URL of the API inside the cluster."),
                            Column("Age", "date", ".metadata.creationTimestamp", null),
                        ],
                    },
                ],
            },
        };
    }

    private static V1CustomResourceColumnDefinition Column(string name, string type, string path, string? description) =>
        new() { Name = name, Type = type, JsonPath = path, Description = description };
}
