using System.Text.Json.Nodes;
using static NasAssistant.FakeKube.Schema.BuiltIn.TypeTags;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>Markers of the core/v1 types the fake serves (staging/src/k8s.io/api/core/v1/types.go).</summary>
internal static class CoreV1Tags
{
    public const string Package = "io.k8s.api.core.v1.";

    public static IEnumerable<TypeTags> All => Workloads.Concat(Containers).Concat(Volumes).Concat(Scheduling).Concat(Objects);

    // PodTemplateSpec, PodSpec, PodStatus.
    private static IEnumerable<TypeTags> Workloads =>
    [
        Of(Package + "PodTemplateSpec",
            F("metadata").Struct(),
            F("spec").Struct()),
        Of(Package + "PodSpec",
            F("volumes").MapList("name").MergeRetainKeys("name"),
            F("initContainers").MapList("name").Merge("name"),
            F("containers").MapList("name").Merge("name").Required().NullWhenZero(),
            F("ephemeralContainers").MapList("name").Merge("name"),
            F("imagePullSecrets").MapList("name").Merge("name"),
            F("nodeSelector").AtomicMap(),
            F("tolerations").AtomicList(),
            F("hostAliases").MapList("ip").Merge("ip"),
            F("readinessGates").AtomicList(),
            F("topologySpreadConstraints").MapList("topologyKey", "whenUnsatisfiable").Merge("topologyKey"),
            F("schedulingGates").MapList("name").Merge("name"),
            F("resourceClaims").MapList("name").MergeRetainKeys("name")),
        Of(Package + "Pod",
            F("spec").Struct(),
            F("status").Struct()),
        Of(Package + "PodStatus",
            F("conditions").MapList("type").Merge("type"),
            F("podIPs").MapList("ip").Merge("ip"),
            F("hostIPs").AtomicList().Merge("ip"),
            F("initContainerStatuses").AtomicList(),
            F("containerStatuses").AtomicList(),
            F("ephemeralContainerStatuses").AtomicList(),
            F("resourceClaimStatuses").MapList("name").MergeRetainKeys("name")),
        Of(Package + "PodReadinessGate", F("conditionType").Required()),
        Of(Package + "PodSchedulingGate", F("name").Required()),
        Of(Package + "PodResourceClaim", F("name").Required()),
        Of(Package + "HostAlias", F("ip").Required(), F("hostnames").AtomicList()),
        Of(Package + "PodDNSConfig",
            F("nameservers").AtomicList(),
            F("searches").AtomicList(),
            F("options").AtomicList()),
        Of(Package + "PodSecurityContext",
            F("supplementalGroups").AtomicList(),
            F("sysctls").AtomicList()),
        Of(Package + "Sysctl", F("name").Required(), F("value").Required()),
        Of(Package + "Capabilities", F("add").AtomicList(), F("drop").AtomicList()),
    ];

    // Container and what it references: ports by containerPort+protocol, env by name, mounts by path.
    private static IEnumerable<TypeTags> Containers =>
    [
        Of(Package + "Container", ContainerFields()),
        Of(Package + "EphemeralContainer", ContainerFields()),
        Of(Package + "ContainerPort",
            F("containerPort").Required(),
            F("protocol").Default(JsonValue.Create("TCP"))),
        Of(Package + "EnvVar", F("name").Required()),
        Of(Package + "ResourceRequirements", F("claims").MapList("name")),
        Of(Package + "VolumeMount", F("name").Required(), F("mountPath").Required()),
        Of(Package + "VolumeDevice", F("name").Required(), F("devicePath").Required()),
        AtomicStruct(Package + "ConfigMapKeySelector", F("key").Required()),
        AtomicStruct(Package + "SecretKeySelector", F("key").Required()),
        AtomicStruct(Package + "ObjectFieldSelector", F("fieldPath").Required()),
        AtomicStruct(Package + "ResourceFieldSelector", F("resource").Required()),
        AtomicStruct(Package + "FileKeySelector",
            F("volumeName").Required(),
            F("path").Required(),
            F("key").Required()),
        AtomicStruct(Package + "LocalObjectReference"),
        AtomicStruct(Package + "ObjectReference"),
        AtomicStruct(Package + "TypedLocalObjectReference", F("kind").Required(), F("name").Required()),
        Of(Package + "ExecAction", F("command").AtomicList()),
        Of(Package + "HTTPGetAction", F("port").Required(), F("httpHeaders").AtomicList()),
        Of(Package + "HTTPHeader", F("name").Required(), F("value").Required()),
        Of(Package + "TCPSocketAction", F("port").Required()),
        Of(Package + "GRPCAction", F("port").Required()),
    ];

    private static IEnumerable<TypeTags> Volumes =>
    [
        Of(Package + "Volume", F("name").Required()),
        Of(Package + "ConfigMapVolumeSource", F("items").AtomicList()),
        Of(Package + "SecretVolumeSource", F("items").AtomicList()),
        Of(Package + "ProjectedVolumeSource", F("sources").AtomicList()),
        Of(Package + "DownwardAPIVolumeSource", F("items").AtomicList()),
        Of(Package + "ConfigMapProjection", F("items").AtomicList()),
        Of(Package + "SecretProjection", F("items").AtomicList()),
        Of(Package + "DownwardAPIProjection", F("items").AtomicList()),
        Of(Package + "KeyToPath", F("key").Required(), F("path").Required()),
        Of(Package + "DownwardAPIVolumeFile", F("path").Required()),
        Of(Package + "PersistentVolumeClaimVolumeSource", F("claimName").Required()),
        Of(Package + "HostPathVolumeSource", F("path").Required()),
        Of(Package + "PersistentVolumeClaimTemplate", F("metadata").Struct(), F("spec").Required().Struct()),
    ];

    private static IEnumerable<TypeTags> Scheduling =>
    [
        Of(Package + "NodeAffinity", F("preferredDuringSchedulingIgnoredDuringExecution").AtomicList()),
        AtomicStruct(Package + "NodeSelector", F("nodeSelectorTerms").AtomicList().Required()),
        AtomicStruct(Package + "NodeSelectorTerm", F("matchExpressions").AtomicList(), F("matchFields").AtomicList()),
        Of(Package + "NodeSelectorRequirement", F("key").Required(), F("operator").Required(), F("values").AtomicList()),
        Of(Package + "PreferredSchedulingTerm", F("weight").Required(), F("preference").Required().Struct()),
        Of(Package + "PodAffinity",
            F("requiredDuringSchedulingIgnoredDuringExecution").AtomicList(),
            F("preferredDuringSchedulingIgnoredDuringExecution").AtomicList()),
        Of(Package + "PodAntiAffinity",
            F("requiredDuringSchedulingIgnoredDuringExecution").AtomicList(),
            F("preferredDuringSchedulingIgnoredDuringExecution").AtomicList()),
        Of(Package + "PodAffinityTerm",
            F("namespaces").AtomicList(),
            F("topologyKey").Required(),
            F("matchLabelKeys").AtomicList(),
            F("mismatchLabelKeys").AtomicList()),
        Of(Package + "WeightedPodAffinityTerm", F("weight").Required(), F("podAffinityTerm").Required().Struct()),
        Of(Package + "TopologySpreadConstraint",
            F("maxSkew").Required(),
            F("topologyKey").Required(),
            F("whenUnsatisfiable").Required(),
            F("matchLabelKeys").AtomicList()),
    ];

    // The other core kinds: Service, PVC, Namespace, ServiceAccount, Event.
    private static IEnumerable<TypeTags> Objects =>
    [
        Of(Package + "Service", F("spec").Struct(), F("status").Struct()),
        Of(Package + "ServiceSpec",
            F("ports").MapList("port", "protocol").Merge("port"),
            F("selector").AtomicMap(),
            F("clusterIPs").AtomicList(),
            F("externalIPs").AtomicList(),
            F("loadBalancerSourceRanges").AtomicList(),
            F("ipFamilies").AtomicList()),
        Of(Package + "ServicePort",
            F("port").Required(),
            F("protocol").Default(JsonValue.Create("TCP"))),
        Of(Package + "ServiceStatus",
            F("loadBalancer").Struct(),
            F("conditions").MapList("type").Merge("type")),
        Of(Package + "LoadBalancerStatus", F("ingress").AtomicList()),
        Of(Package + "LoadBalancerIngress", F("ports").AtomicList()),
        Of(Package + "PortStatus", F("port").Required(), F("protocol").Required()),
        Of(Package + "PersistentVolumeClaim", F("spec").Struct(), F("status").Struct()),
        Of(Package + "PersistentVolumeClaimSpec", F("accessModes").AtomicList(), F("resources").Struct()),
        Of(Package + "PersistentVolumeClaimStatus",
            F("accessModes").AtomicList(),
            F("conditions").MapList("type").Merge("type"),
            F("allocatedResourceStatuses").GranularMap()),
        Of(Package + "PersistentVolumeClaimCondition", F("type").Required(), F("status").Required()),
        Of(Package + "Namespace", F("spec").Struct(), F("status").Struct()),
        Of(Package + "NamespaceSpec", F("finalizers").AtomicList()),
        Of(Package + "NamespaceStatus", F("conditions").MapList("type").Merge("type")),
        Of(Package + "NamespaceCondition", F("type").Required(), F("status").Required()),
        Of(Package + "ServiceAccount",
            F("secrets").MapList("name").Merge("name"),
            F("imagePullSecrets").AtomicList()),
        Of(Package + "Event",
            F("involvedObject").Required().Struct(),
            F("source").Struct(),
            F("eventTime").MicroTime()),
        Of(Package + "EventSeries", F("lastObservedTime").MicroTime()),
    ];

    // Container and EphemeralContainer share their field declarations (EphemeralContainerCommon).
    private static FieldTags[] ContainerFields() =>
    [
        F("name").Required(),
        F("command").AtomicList(),
        F("args").AtomicList(),
        F("ports").MapList("containerPort", "protocol").Merge("containerPort"),
        F("envFrom").AtomicList(),
        F("env").MapList("name").Merge("name"),
        F("resources").Struct(),
        F("resizePolicy").AtomicList(),
        F("restartPolicyRules").AtomicList(),
        F("volumeMounts").MapList("mountPath").Merge("mountPath"),
        F("volumeDevices").MapList("devicePath").Merge("devicePath"),
    ];
}
