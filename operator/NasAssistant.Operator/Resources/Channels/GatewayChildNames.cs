using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>Every object the operator may make for an assistant's gateway, by kind and name: those not wanted now are deleted.</summary>
internal static class GatewayChildNames
{
    public static IReadOnlyList<(KubernetesKind Kind, string Name)> All(AssistantDeployment ad) =>
    [
        (KubernetesKind.ServiceAccount, Naming.Gateway(ad)),
        (KubernetesKind.Role, Naming.Gateway(ad)),
        (KubernetesKind.RoleBinding, Naming.Gateway(ad)),
        (KubernetesKind.ConfigMap, Naming.GatewayStatusConfigMap(ad)),
        (KubernetesKind.ConfigMap, Naming.GatewayConfigMap(ad)),
        (KubernetesKind.PersistentVolumeClaim, Naming.GatewayDataClaim(ad)),
        (KubernetesKind.Service, Naming.Gateway(ad)),
        (KubernetesKind.Deployment, Naming.Gateway(ad)),
        (KubernetesKind.NetworkPolicy, Naming.Gateway(ad)),
        (KubernetesKind.Secret, Naming.GatewayKeySecret(ad)),
    ];
}
