using k8s;
using k8s.Models;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Support;

/// <summary>Stand-ins for the CRDs of cert-manager and the Prometheus Operator: served kinds without a schema of their own.</summary>
internal static class AddOnCrds
{
    public static async Task InstallAsync(IKubernetes client, KubernetesKind kind) =>
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = kind.CrdName ?? $"{kind.Plural}.{kind.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = kind.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = kind.Kind,
                    Plural = kind.Plural,
                    Singular = kind.Kind.ToLowerInvariant(),
                    ListKind = kind.Kind + "List",
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = kind.Version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                        },
                    },
                ],
            },
        });

    /// <summary>Installs every add-on kind the operator can use.</summary>
    public static async Task InstallAllAsync(IKubernetes client)
    {
        foreach (var kind in KubernetesKind.Children.Where(k => k.CrdName is not null))
        {
            await InstallAsync(client, kind);
        }
    }
}
