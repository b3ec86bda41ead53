using static NasAssistant.FakeKube.Schema.BuiltIn.TypeTags;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// Markers of the apps/v1, networking/v1, autoscaling/v2, policy/v1, coordination/v1, events/v1 and rbac/v1 types
/// the fake serves (staging/src/k8s.io/api/{apps,networking,autoscaling,policy,coordination,events,rbac}/.../types.go).
/// </summary>
internal static class GroupTags
{
    private const string Apps = "io.k8s.api.apps.v1.";
    private const string Networking = "io.k8s.api.networking.v1.";
    private const string Autoscaling = "io.k8s.api.autoscaling.v2.";
    private const string Policy = "io.k8s.api.policy.v1.";
    private const string Coordination = "io.k8s.api.coordination.v1.";
    private const string Events = "io.k8s.api.events.v1.";
    private const string Rbac = "io.k8s.api.rbac.v1.";

    public static IEnumerable<TypeTags> All => AppsV1.Concat(NetworkingV1).Concat(AutoscalingV2).Concat(Others);

    private static IEnumerable<TypeTags> AppsV1 =>
    [
        Of(Apps + "Deployment", F("spec").Struct(), F("status").Struct()),

        // Strategy carries patchStrategy:"retainKeys": switching to Recreate with $retainKeys drops rollingUpdate.
        Of(Apps + "DeploymentSpec",
            F("selector").Required().NullWhenZero(),
            F("template").Required().Struct(),
            F("strategy").Struct().RetainKeys()),
        Of(Apps + "DeploymentStatus", F("conditions").MapList("type").Merge("type")),
        Of(Apps + "DeploymentCondition", F("type").Required(), F("status").Required()),
        Of(Apps + "StatefulSet", F("spec").Struct(), F("status").Struct()),
        Of(Apps + "StatefulSetSpec",
            F("selector").Required().NullWhenZero(),
            F("template").Required().Struct(),
            F("volumeClaimTemplates").AtomicList(),
            F("updateStrategy").Struct()),
        Of(Apps + "StatefulSetStatus",
            F("replicas").Required(),
            F("conditions").MapList("type").Merge("type")),
        Of(Apps + "StatefulSetCondition", F("type").Required(), F("status").Required()),
    ];

    private static IEnumerable<TypeTags> NetworkingV1 =>
    [
        Of(Networking + "NetworkPolicy", F("spec").Struct()),
        Of(Networking + "NetworkPolicySpec",
            F("podSelector").Struct(),
            F("ingress").AtomicList(),
            F("egress").AtomicList(),
            F("policyTypes").AtomicList()),
        Of(Networking + "NetworkPolicyIngressRule", F("ports").AtomicList(), F("from").AtomicList()),
        Of(Networking + "NetworkPolicyEgressRule", F("ports").AtomicList(), F("to").AtomicList()),
        Of(Networking + "IPBlock", F("cidr").Required(), F("except").AtomicList()),
    ];

    private static IEnumerable<TypeTags> AutoscalingV2 =>
    [
        Of(Autoscaling + "HorizontalPodAutoscaler", F("spec").Struct(), F("status").Struct()),
        Of(Autoscaling + "HorizontalPodAutoscalerSpec",
            F("scaleTargetRef").Required().Struct(),
            F("maxReplicas").Required(),
            F("metrics").AtomicList()),
        Of(Autoscaling + "HorizontalPodAutoscalerStatus",
            F("currentMetrics").AtomicList().NullWhenZero(),
            F("desiredReplicas").Required(),
            F("conditions").MapList("type").Merge("type")),
        Of(Autoscaling + "HorizontalPodAutoscalerCondition", F("type").Required(), F("status").Required()),
        Of(Autoscaling + "HPAScalingRules", F("policies").AtomicList()),
        Of(Autoscaling + "HPAScalingPolicy", F("type").Required(), F("value").Required(), F("periodSeconds").Required()),
        Of(Autoscaling + "CrossVersionObjectReference", F("kind").Required(), F("name").Required()),
        Of(Autoscaling + "MetricSpec", F("type").Required()),
        Of(Autoscaling + "MetricStatus", F("type").Required()),
        Of(Autoscaling + "MetricIdentifier", F("name").Required()),
        Of(Autoscaling + "MetricTarget", F("type").Required()),
        Of(Autoscaling + "ResourceMetricSource", F("name").Required(), F("target").Required().Struct()),
        Of(Autoscaling + "ContainerResourceMetricSource", F("name").Required(), F("target").Required().Struct(), F("container").Required()),
        Of(Autoscaling + "ObjectMetricSource",
            F("describedObject").Required().Struct(),
            F("target").Required().Struct(),
            F("metric").Required().Struct()),
        Of(Autoscaling + "PodsMetricSource", F("metric").Required().Struct(), F("target").Required().Struct()),
        Of(Autoscaling + "ExternalMetricSource", F("metric").Required().Struct(), F("target").Required().Struct()),
        Of(Autoscaling + "ResourceMetricStatus", F("name").Required(), F("current").Required().Struct()),
        Of(Autoscaling + "ContainerResourceMetricStatus", F("name").Required(), F("current").Required().Struct(), F("container").Required()),
        Of(Autoscaling + "ObjectMetricStatus",
            F("metric").Required().Struct(),
            F("current").Required().Struct(),
            F("describedObject").Required().Struct()),
        Of(Autoscaling + "PodsMetricStatus", F("metric").Required().Struct(), F("current").Required().Struct()),
        Of(Autoscaling + "ExternalMetricStatus", F("metric").Required().Struct(), F("current").Required().Struct()),
    ];

    private static IEnumerable<TypeTags> Others =>
    [
        Of(Policy + "PodDisruptionBudget", F("spec").Struct(), F("status").Struct()),
        Of(Policy + "PodDisruptionBudgetStatus",
            F("disruptionsAllowed").Required(),
            F("currentHealthy").Required(),
            F("desiredHealthy").Required(),
            F("expectedPods").Required(),
            F("conditions").MapList("type").Merge("type")),
        Of(Coordination + "Lease", F("spec").Struct()),
        Of(Coordination + "LeaseSpec", F("acquireTime").MicroTime(), F("renewTime").MicroTime()),
        Of(Events + "Event",
            F("eventTime").Required().MicroTime(),
            F("regarding").Struct(),
            F("deprecatedSource").Struct()),
        Of(Events + "EventSeries", F("count").Required(), F("lastObservedTime").Required().MicroTime()),
        Of(Rbac + "Role", F("rules").AtomicList()),
        Of(Rbac + "PolicyRule",
            F("verbs").Required().AtomicList(),
            F("apiGroups").AtomicList(),
            F("resources").AtomicList(),
            F("resourceNames").AtomicList(),
            F("nonResourceURLs").AtomicList()),
        Of(Rbac + "RoleBinding", F("subjects").AtomicList(), F("roleRef").Required().Struct()),
        AtomicStruct(Rbac + "RoleRef", F("apiGroup").Required(), F("kind").Required(), F("name").Required()),
        AtomicStruct(Rbac + "Subject", F("kind").Required(), F("name").Required()),
    ];
}
