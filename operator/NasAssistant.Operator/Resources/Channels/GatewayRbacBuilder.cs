using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>
/// The gateway's identity in the API: a ServiceAccount, and a Role that allows its own Lease and status ConfigMap and
/// nothing else (create on Leases cannot be limited by name in RBAC; the Lease's name is then the only one it may use).
/// </summary>
internal static class GatewayRbacBuilder
{
    public const string RbacGroup = "rbac.authorization.k8s.io";

    public static V1ServiceAccount? BuildServiceAccount(AssistantDeployment ad) =>
        ad.Spec.HasChannels()
            ? new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = ChildMetadata.ForGateway(ad, Naming.Gateway(ad)),
                // The pod mounts its token; nothing else should through this account.
                AutomountServiceAccountToken = false,
            }
            : null;

    public static V1Role? BuildRole(AssistantDeployment ad) =>
        ad.Spec.HasChannels()
            ? new V1Role { ApiVersion = RbacGroup + "/v1", Kind = "Role", Metadata = ChildMetadata.ForGateway(ad, Naming.Gateway(ad)), Rules = [.. Rules(ad)] }
            : null;

    public static V1RoleBinding? BuildRoleBinding(AssistantDeployment ad) =>
        ad.Spec.HasChannels()
            ? new V1RoleBinding
            {
                ApiVersion = RbacGroup + "/v1",
                Kind = "RoleBinding",
                Metadata = ChildMetadata.ForGateway(ad, Naming.Gateway(ad)),
                RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "Role", Name = Naming.Gateway(ad) },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Naming.Gateway(ad), NamespaceProperty = ad.Metadata.NamespaceProperty }],
            }
            : null;

    /// <summary>
    /// What the gateway may do. RBAC lets only a holder of these permissions grant them, so the operator holds each
    /// of them too (<see cref="Controller.OperatorPermissions.Delegated"/>).
    /// </summary>
    public static IReadOnlyList<V1PolicyRule> Rules(AssistantDeployment ad) =>
    [
        // Its Lease: created when missing (KubernetesClient's elector reads, then replaces it).
        new() { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], Verbs = ["create"] },
        new() { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], ResourceNames = [Naming.Gateway(ad)], Verbs = ["get", "update"] },

        // Its status ConfigMap: read for the Lease's owner reference, patched with the channels' state.
        new() { ApiGroups = [""], Resources = ["configmaps"], ResourceNames = [Naming.GatewayStatusConfigMap(ad)], Verbs = ["get", "patch"] },
    ];
}
