using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;
using ThirdParty = NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// Every API call the operator makes, as RBAC grants: the Helm chart's ClusterRole and Roles must
/// equal this list, and a test drives the controller and reconciler against the fake API server to
/// check that every request they send is covered by it. Change the code, this list and the chart together.
/// </summary>
internal static class OperatorPermissions
{
    // Children are written by server-side apply (patch); a retained claim's owner reference is removed by patch.
    private static readonly string[] ReadWrite = ["get", "list", "watch", "patch"];
    private static readonly string[] ReadWriteDelete = ["get", "list", "watch", "patch", "delete"];

    public static IReadOnlyList<ApiPermission> All { get; } =
    [
        // Informer (list, watch); the reconciler reads live (get) only what its cache lacks (one just deleted)
        // and after a conflict; finalizer add/remove (update).
        new(AssistantDeployment.Group, AssistantDeployment.Plural, ["get", "list", "watch", "update"]),
        new(AssistantDeployment.Group, AssistantDeployment.Plural + "/status", ["update"]),

        // Children carry blockOwnerDeletion, which API servers with OwnerReferencesPermissionEnforcement
        // admit only for clients that may update the owner's finalizers.
        new(AssistantDeployment.Group, AssistantDeployment.Plural + "/finalizers", ["update"]),

        // Children: informers list and watch, the apply helper applies and gets what the informers do not
        // hold (an object without the operator's label, one just created). Kinds that can become unwanted
        // are deleted (a Deployment also when its selector must change; ConfigMaps, Service and the
        // gateway's RBAC when no channel is named any more).
        Child(KubernetesKind.PersistentVolumeClaim, ReadWriteDelete),
        Child(KubernetesKind.ConfigMap, ReadWriteDelete),
        Child(KubernetesKind.Secret, ReadWriteDelete),
        Child(KubernetesKind.Service, ReadWriteDelete),
        Child(KubernetesKind.Deployment, ReadWriteDelete),
        Child(KubernetesKind.NetworkPolicy, ReadWriteDelete),
        Child(KubernetesKind.HorizontalPodAutoscaler, ReadWriteDelete),
        Child(KubernetesKind.PodDisruptionBudget, ReadWriteDelete),
        Child(KubernetesKind.Certificate, ReadWriteDelete),
        Child(KubernetesKind.ServiceMonitor, ReadWriteDelete),
        Child(KubernetesKind.PrometheusRule, ReadWriteDelete),
        Child(KubernetesKind.ServiceAccount, ReadWriteDelete),
        Child(KubernetesKind.Role, ReadWriteDelete),
        Child(KubernetesKind.RoleBinding, ReadWriteDelete),

        new("", "events", ["create"]),

        // The inference pods' informer: the quantize step's termination message (the digest of the INT8
        // model the pods serve) and whether the scheduler could place the pods.
        new("", "pods", ["list", "watch"]),

        // Whether a claim's StorageClass allows it to grow.
        new("storage.k8s.io", "storageclasses", ["get"], PermissionScope.Cluster),

        // KubernetesClient's LeaseLock: read, create when missing, renew by replace.
        new("coordination.k8s.io", "leases", ["get", "create", "update"], PermissionScope.OperatorNamespace),

        // Whether the optional add-ons are installed, by their CRDs.
        new(
            "apiextensions.k8s.io",
            "customresourcedefinitions",
            ["get"],
            PermissionScope.Cluster,
            [ThirdParty.Certificate.CrdName, ThirdParty.ServiceMonitor.CrdName, ThirdParty.PrometheusRule.CrdName]),
    ];

    /// <summary>
    /// Permissions the operator holds only to grant them: RBAC lets a Role be written only by someone who holds every
    /// permission in it (the API server's escalation check), and the gateway's Role grants these in the assistant's
    /// namespace. The operator itself never uses them; the chart grants them beside <see cref="All"/>.
    /// </summary>
    public static IReadOnlyList<ApiPermission> Delegated { get; } =
        [.. Resources.Channels.GatewayRbacBuilder.Rules(new AssistantDeployment()).GroupBy(rule => (Group: rule.ApiGroups.Single(), Resource: rule.Resources.Single()))
            .Select(grant => new ApiPermission(grant.Key.Group, grant.Key.Resource, [.. grant.SelectMany(rule => rule.Verbs).Distinct()]))];

    /// <summary>Whether the list grants <paramref name="verb"/> on <paramref name="resource"/> (and, when given, object <paramref name="name"/>).</summary>
    public static bool Allows(string verb, string group, string resource, string? name = null) =>
        All.Any(p => p.Group == group && p.Resource == resource && p.Verbs.Contains(verb)
            && (p.ResourceNames.Count == 0 || (name is not null && p.ResourceNames.Contains(name))));

    private static ApiPermission Child(KubernetesKind kind, string[] verbs) => new(kind.Group, kind.Plural, verbs);
}
