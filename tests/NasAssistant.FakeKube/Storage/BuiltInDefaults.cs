using System.Text;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The few server-side defaults and allocations of built-in kinds that an operator's drift detection
/// runs into: Deployment replicas/strategy, Service type/clusterIP/port protocol, Secret stringData.
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
            case ("", "services"):
                Service(Spec(obj), old?["spec"] as JsonObject, allocateClusterIp);
                break;
            case ("", "secrets"):
                Secret(obj);
                break;
            case ("", "namespaces") when old is null:
                NamespaceStrategy.PrepareForCreate(obj);
                break;
        }
    }

    private static JsonObject Spec(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            spec = new JsonObject();
            obj["spec"] = spec;
        }

        return spec;
    }

    private static void Deployment(JsonObject spec)
    {
        spec["replicas"] ??= 1;
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        spec["strategy"] ??= new JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
        };
    }

    private static void Service(JsonObject spec, JsonObject? oldSpec, Func<string> allocateClusterIp)
    {
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if (spec["type"]?.GetValue<string>() != "ExternalName")
        {
            // Allocated values survive an update that omits them, as the real server patches them back.
            var clusterIp = spec["clusterIP"]?.GetValue<string>();
            if (string.IsNullOrEmpty(clusterIp))
            {
                clusterIp = oldSpec?["clusterIP"]?.GetValue<string>() is { Length: > 0 } previous ? previous : allocateClusterIp();
                spec["clusterIP"] = clusterIp;
            }

            spec["clusterIPs"] ??= new JsonArray(clusterIp);
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
            spec["internalTrafficPolicy"] ??= "Cluster";
        }

        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                port["targetPort"] ??= port["port"]?.DeepClone();
            }
        }
    }

    private static void Secret(JsonObject obj)
    {
        obj["type"] ??= "Opaque";
        if (obj["stringData"] is JsonObject stringData)
        {
            if (obj["data"] is not JsonObject data)
            {
                data = new JsonObject();
                obj["data"] = data;
            }

            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
            }

            obj.Remove("stringData");
        }
    }
}
