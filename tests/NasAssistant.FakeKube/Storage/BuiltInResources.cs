using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Selectors;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The built-in kinds the fake serves from the start. Those whose registries set ReturnDeletedObject
/// (pkg/registry/core/{namespace,service,persistentvolumeclaim,pod,serviceaccount}/storage) answer a
/// delete with the object.
/// </summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Core("namespaces", "namespace", "Namespace", namespaced: false, hasStatus: true, "ns") with { ReturnsDeletedObject = true },
        Core("configmaps", "configmap", "ConfigMap", namespaced: true, hasStatus: false, "cm"),
        Core("secrets", "secret", "Secret", namespaced: true, hasStatus: false),
        Core("services", "service", "Service", namespaced: true, hasStatus: true, "svc") with { ReturnsDeletedObject = true },
        Core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", namespaced: true, hasStatus: true, "pvc") with { ReturnsDeletedObject = true },
        Core("events", "event", "Event", namespaced: true, hasStatus: false, "ev"),
        Core("pods", "pod", "Pod", namespaced: true, hasStatus: true, "po") with { ReturnsDeletedObject = true },
        Core("serviceaccounts", "serviceaccount", "ServiceAccount", namespaced: true, hasStatus: false, "sa") with { ReturnsDeletedObject = true },
        Core("nodes", "node", "Node", namespaced: false, hasStatus: true, "no"),
        new ResourceType
        {
            Group = "apps",
            Versions = ["v1"],
            Plural = "deployments",
            Singular = "deployment",
            Kind = "Deployment",
            Namespaced = true,
            HasStatus = true,
            ShortNames = ["deploy"],
            Scale = new ScaleSpec(".spec.replicas", ".status.replicas", null) { SelectorFromObject = SelectorOf },
        },
        new ResourceType
        {
            Group = "apps",
            Versions = ["v1"],
            Plural = "statefulsets",
            Singular = "statefulset",
            Kind = "StatefulSet",
            Namespaced = true,
            HasStatus = true,
            ShortNames = ["sts"],
            Scale = new ScaleSpec(".spec.replicas", ".status.replicas", null) { SelectorFromObject = SelectorOf },
        },
        Grouped("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", hasStatus: false, "netpol"),
        Grouped("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", hasStatus: true, "hpa"),
        Grouped("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", hasStatus: true, "pdb"),
        Grouped("coordination.k8s.io", "v1", "leases", "lease", "Lease", hasStatus: false),
        Grouped("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", hasStatus: false),
        Grouped("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", hasStatus: false),
        Grouped("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", hasStatus: false, "sc") with { Namespaced = false },
        Grouped("events.k8s.io", "v1", "events", "event", "Event", hasStatus: false, "ev"),
        new ResourceType
        {
            Group = "apiextensions.k8s.io",
            Versions = ["v1"],
            Plural = "customresourcedefinitions",
            Singular = "customresourcedefinition",
            Kind = "CustomResourceDefinition",
            Namespaced = false,
            HasStatus = true,
            ShortNames = ["crd", "crds"],
        },
    ];

    private static ResourceType Core(string plural, string singular, string kind, bool namespaced, bool hasStatus, params string[] shortNames) =>
        new()
        {
            Group = string.Empty,
            Versions = ["v1"],
            Plural = plural,
            Singular = singular,
            Kind = kind,
            Namespaced = namespaced,
            HasStatus = hasStatus,
            ShortNames = shortNames,
        };

    private static ResourceType Grouped(string group, string version, string plural, string singular, string kind, bool hasStatus, params string[] shortNames) =>
        new()
        {
            Group = group,
            Versions = [version],
            Plural = plural,
            Singular = singular,
            Kind = kind,
            Namespaced = true,
            HasStatus = hasStatus,
            ShortNames = shortNames,
        };

    /// <summary>The scale subresource's selector string, derived from <c>spec.selector</c> as the apps API does.</summary>
    private static string? SelectorOf(JsonObject obj) =>
        obj["spec"]?["selector"] is JsonObject selector ? LabelSelector.Format(selector) : null;
}
