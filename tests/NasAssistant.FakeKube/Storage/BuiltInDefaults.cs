using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The server-side defaults and allocations of built-in kinds (the SetDefaults_* functions of their
/// API groups, and the Service strategy's clusterIP handling), applied before validation as the real
/// server applies them while decoding.
/// </summary>
internal static class BuiltInDefaults
{
    public static void Apply(ResourceType type, JsonObject obj, JsonObject? old, Func<string> allocateClusterIp)
    {
        if (type.IsCustom)
        {
            return;
        }

        switch ((type.Group, type.Plural))
        {
            case ("apps", "deployments"):
                Deployment(Spec(obj));
                break;
            case ("apps", "statefulsets"):
                PodSpecDefaults.Apply(Defaulting.Object(Defaulting.Object(Spec(obj), "template"), "spec"));
                break;
            case ("", "pods"):
                PodSpecDefaults.Apply(Spec(obj));
                break;
            case ("", "services"):
                Service(Spec(obj), old?["spec"] as JsonObject, allocateClusterIp);
                break;
            case ("", "secrets"):
                Secret(obj);
                break;
            case ("", "persistentvolumeclaims"):
                // SetDefaults_PersistentVolumeClaimSpec and SetDefaults_PersistentVolumeClaim.
                Defaulting.Pointer(Spec(obj), "volumeMode", "Filesystem");
                Defaulting.Value(Defaulting.Object(obj, "status"), "phase", "Pending");
                break;
            case ("", "namespaces"):
                Namespace(obj, old);
                break;
            case ("autoscaling", "horizontalpodautoscalers"):
                AutoscalerDefaults.Apply(Spec(obj));
                break;
            case ("networking.k8s.io", "networkpolicies"):
                NetworkPolicy(Spec(obj));
                break;
            case ("rbac.authorization.k8s.io", "rolebindings"):
                RoleBinding(obj);
                break;
            case ("storage.k8s.io", "storageclasses"):
                // SetDefaults_StorageClass (pkg/apis/storage/v1/defaults.go).
                Defaulting.Pointer(obj, "reclaimPolicy", "Delete");
                Defaulting.Pointer(obj, "volumeBindingMode", "Immediate");
                break;
        }
    }

    private static JsonObject Spec(JsonObject obj) => Defaulting.Object(obj, "spec");

    // SetDefaults_RoleBinding and SetDefaults_Subject (pkg/apis/rbac/v1/defaults.go).
    private static void RoleBinding(JsonObject obj)
    {
        if (obj["roleRef"] is JsonObject roleRef && JsonRead.Text(roleRef["apiGroup"]).Length == 0)
        {
            roleRef["apiGroup"] = "rbac.authorization.k8s.io";
        }

        foreach (var subject in JsonRead.Objects(obj["subjects"]))
        {
            if (JsonRead.Text(subject["apiGroup"]).Length == 0 && JsonRead.Text(subject["kind"]) is "User" or "Group")
            {
                subject["apiGroup"] = "rbac.authorization.k8s.io";
            }
        }
    }

    // SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go): a RollingUpdate strategy gets 25%/25%.
    private static void Deployment(JsonObject spec)
    {
        Defaulting.Pointer(spec, "replicas", 1);
        var strategy = Defaulting.Object(spec, "strategy");
        Defaulting.Value(strategy, "type", "RollingUpdate");
        if (JsonRead.Text(strategy["type"]) == "RollingUpdate")
        {
            var rollingUpdate = Defaulting.Object(strategy, "rollingUpdate");
            Defaulting.Pointer(rollingUpdate, "maxUnavailable", "25%");
            Defaulting.Pointer(rollingUpdate, "maxSurge", "25%");
        }

        Defaulting.Pointer(spec, "revisionHistoryLimit", 10);
        Defaulting.Pointer(spec, "progressDeadlineSeconds", 600);
        PodSpecDefaults.Apply(Defaulting.Object(Defaulting.Object(spec, "template"), "spec"));
    }

    // SetDefaults_Service, and the allocations the Service registry keeps across updates.
    private static void Service(JsonObject spec, JsonObject? oldSpec, Func<string> allocateClusterIp)
    {
        Defaulting.Value(spec, "sessionAffinity", "None");
        var affinity = JsonRead.Text(spec["sessionAffinity"]);
        if (affinity == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (affinity == "ClientIP" && JsonRead.Long(spec["sessionAffinityConfig"]?["clientIP"]?["timeoutSeconds"]) is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = 10800 } };
        }

        Defaulting.Value(spec, "type", "ClusterIP");
        var type = JsonRead.Text(spec["type"]);
        if (type != "ExternalName")
        {
            ClusterIp(spec, oldSpec, allocateClusterIp);
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
        }

        foreach (var port in JsonRead.Objects(spec["ports"]))
        {
            Defaulting.Value(port, "protocol", "TCP");
            Defaulting.Value(port, "targetPort", port["port"]?.DeepClone() ?? JsonValue.Create(0));
        }

        // service.ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with external IPs.
        if (type is "LoadBalancer" or "NodePort" || (type == "ClusterIP" && JsonRead.HasEntries(spec["externalIPs"])))
        {
            Defaulting.Value(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            Defaulting.Pointer(spec, "internalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            Defaulting.Pointer(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    private static void ClusterIp(JsonObject spec, JsonObject? oldSpec, Func<string> allocateClusterIp)
    {
        // Allocated values survive an update that omits them, as the real server patches them back.
        var oldClusterIp = JsonRead.Text(oldSpec?["clusterIP"]);
        var clusterIp = JsonRead.Text(spec["clusterIP"]);
        if (clusterIp.Length == 0)
        {
            clusterIp = oldClusterIp.Length > 0 ? oldClusterIp : allocateClusterIp();
            spec["clusterIP"] = clusterIp;
        }

        if (spec["clusterIPs"] is null)
        {
            spec["clusterIPs"] = oldSpec?["clusterIPs"]?.DeepClone() ?? new JsonArray(clusterIp);
        }

        // normalizeClusterIPs (pkg/registry/core/service/strategy.go): a changed clusterIP with unchanged
        // clusterIPs is taken as a change of the primary, which validation then refuses.
        if (oldClusterIp.Length > 0 && clusterIp != oldClusterIp && spec["clusterIPs"] is JsonArray { Count: > 0 } ips &&
            JsonNode.DeepEquals(ips, oldSpec?["clusterIPs"]))
        {
            ips[0] = clusterIp;
        }
    }

    private static void Secret(JsonObject obj)
    {
        Defaulting.Value(obj, "type", "Opaque");
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = Defaulting.Object(obj, "data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
            }

            obj.Remove("stringData");
        }
    }

    // SetDefaults_Namespace labels it with its own name; SetDefaults_NamespaceStatus makes it Active.
    private static void Namespace(JsonObject obj, JsonObject? old)
    {
        var name = JsonRead.Text(obj["metadata"]?["name"]);
        if (name.Length > 0)
        {
            Defaulting.Object(Meta.Of(obj), "labels")["kubernetes.io/metadata.name"] = name;
        }

        if (old is null)
        {
            NamespaceStrategy.PrepareForCreate(obj);
        }
    }

    // SetDefaults_NetworkPolicyPort and SetDefaults_NetworkPolicy (pkg/apis/networking/v1/defaults.go).
    private static void NetworkPolicy(JsonObject spec)
    {
        foreach (var rule in JsonRead.Objects(spec["ingress"]).Concat(JsonRead.Objects(spec["egress"])))
        {
            foreach (var port in JsonRead.Objects(rule["ports"]))
            {
                Defaulting.Pointer(port, "protocol", "TCP");
            }
        }

        if (!JsonRead.HasEntries(spec["policyTypes"]))
        {
            spec["policyTypes"] = JsonRead.HasEntries(spec["egress"]) ? new JsonArray("Ingress", "Egress") : new JsonArray("Ingress");
        }
    }
}
