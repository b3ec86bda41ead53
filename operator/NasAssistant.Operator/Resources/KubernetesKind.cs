using NasAssistant.Hosting.Kube;

namespace NasAssistant.Operator.Resources;

/// <summary>A kind the operator reads or writes, with what is needed to address it over the REST API.</summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">API version within the group.</param>
/// <param name="Plural">Resource name in URLs.</param>
/// <param name="Kind">Kind name.</param>
/// <param name="CrdName">For kinds from optional add-ons (cert-manager, Prometheus Operator), the CRD that must exist.</param>
internal sealed record KubernetesKind(string Group, string Version, string Plural, string Kind, string? CrdName = null)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Where the API serves this kind: in <paramref name="ns"/>, or across namespaces (and for cluster-scoped kinds) without one.</summary>
    public ResourcePath Path(string? ns = null) => new(Group, Version, Plural, ns);

    /// <summary>Where the API serves the object of that name.</summary>
    public ResourcePath Path(string ns, string name) => new(Group, Version, Plural, ns, name);

    /// <summary>Where the API serves an add-on kind's CRD (<see cref="CrdName"/>).</summary>
    public static ResourcePath Crd(string crdName) => CustomResourceDefinition.Path().Named(crdName);

    public static KubernetesKind AssistantDeployment { get; } =
        new(Api.AssistantDeployment.Group, Api.AssistantDeployment.Version, Api.AssistantDeployment.Plural, Api.AssistantDeployment.KindName);

    public static KubernetesKind PersistentVolumeClaim { get; } = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim");
    public static KubernetesKind ConfigMap { get; } = new("", "v1", "configmaps", "ConfigMap");
    public static KubernetesKind Secret { get; } = new("", "v1", "secrets", "Secret");
    public static KubernetesKind Service { get; } = new("", "v1", "services", "Service");
    public static KubernetesKind Deployment { get; } = new("apps", "v1", "deployments", "Deployment");
    public static KubernetesKind ServiceAccount { get; } = new("", "v1", "serviceaccounts", "ServiceAccount");
    public static KubernetesKind Role { get; } = new("rbac.authorization.k8s.io", "v1", "roles", "Role");
    public static KubernetesKind RoleBinding { get; } = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding");
    public static KubernetesKind NetworkPolicy { get; } = new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy");
    public static KubernetesKind HorizontalPodAutoscaler { get; } = new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler");
    public static KubernetesKind PodDisruptionBudget { get; } = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget");
    public static KubernetesKind Certificate { get; } = new("cert-manager.io", "v1", "certificates", "Certificate", ThirdParty.Certificate.CrdName);
    public static KubernetesKind ServiceMonitor { get; } = new("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", ThirdParty.ServiceMonitor.CrdName);
    public static KubernetesKind PrometheusRule { get; } = new("monitoring.coreos.com", "v1", "prometheusrules", "PrometheusRule", ThirdParty.PrometheusRule.CrdName);

    /// <summary>The inference pods: not the operator's children (their Deployment's ReplicaSets make them), but it reads their status.</summary>
    public static KubernetesKind Pod { get; } = new("", "v1", "pods", "Pod");

    /// <summary>Read when a volume must grow, to see whether its class allows it.</summary>
    public static KubernetesKind StorageClass { get; } = new("storage.k8s.io", "v1", "storageclasses", "StorageClass");

    /// <summary>Where add-on kinds' CRDs are looked for.</summary>
    public static KubernetesKind CustomResourceDefinition { get; } =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition");

    /// <summary>What <c>kubectl describe</c> shows about an AssistantDeployment.</summary>
    public static KubernetesKind Event { get; } = new("", "v1", "events", "Event");

    /// <summary>Every kind the operator creates for an AssistantDeployment; the controller watches them all.</summary>
    public static IReadOnlyList<KubernetesKind> Children { get; } =
    [
        PersistentVolumeClaim, ConfigMap, Secret, Service, Deployment, NetworkPolicy,
        HorizontalPodAutoscaler, PodDisruptionBudget, Certificate, ServiceMonitor, PrometheusRule,
        ServiceAccount, Role, RoleBinding,
    ];

    /// <summary>Every kind the controller watches besides AssistantDeployments: the children and the inference pods.</summary>
    public static IReadOnlyList<KubernetesKind> Watched { get; } = [.. Children, Pod];

    /// <summary>The kind of a built child object, by its apiVersion and kind.</summary>
    public static KubernetesKind Of(string apiVersion, string kind) =>
        Children.Single(k => k.ApiVersion == apiVersion && k.Kind == kind);
}
