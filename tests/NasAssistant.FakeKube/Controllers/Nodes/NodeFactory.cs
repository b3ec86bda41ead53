using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers.Nodes;

/// <summary>
/// The Node object a k3s agent registers: the labels the kubelet sets on itself (pkg/kubelet/kubelet_node_status.go),
/// a /24 of k3s' pod network 10.42.0.0/16, and a Ready status with generous capacity.
/// </summary>
internal static class NodeFactory
{
    private const string KubeletVersion = "v1.35.0+k3s1";

    public static JsonObject Create(FakeNode node, int index, DateTimeOffset now)
    {
        var labels = new JsonObject
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
        };
        foreach (var (key, value) in node.Labels)
        {
            labels[key] = value;
        }

        var podCidr = string.Create(CultureInfo.InvariantCulture, $"10.42.{index}.0/24");
        var spec = new JsonObject
        {
            ["podCIDR"] = podCidr,
            ["podCIDRs"] = new JsonArray(podCidr),
            ["providerID"] = $"k3s://{node.Name}",
        };
        if (node.Taints.Count > 0)
        {
            spec["taints"] = new JsonArray(node.Taints.Select(t => (JsonNode?)Taint(t)).ToArray());
        }

        if (node.Unschedulable)
        {
            spec["unschedulable"] = true;
        }

        var since = Meta.Timestamp(now);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = node.Name, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = string.Create(CultureInfo.InvariantCulture, $"192.168.1.{10 + index}") },
                    new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
                ["capacity"] = Resources(),
                ["allocatable"] = Resources(),
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", since),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", since),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", since),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", since)),
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = "amd64",
                    ["operatingSystem"] = "linux",
                    ["osImage"] = "Debian GNU/Linux 12 (bookworm)",
                    ["kubeletVersion"] = KubeletVersion,
                    ["kubeProxyVersion"] = KubeletVersion,
                    ["containerRuntimeVersion"] = "containerd://2.1.4-k3s1",
                },
            },
        };
    }

    private static JsonObject Taint(V1Taint taint)
    {
        var json = new JsonObject { ["key"] = taint.Key, ["effect"] = taint.Effect };
        if (taint.Value is { } value)
        {
            json["value"] = value;
        }

        return json;
    }

    private static JsonObject Resources() => new()
    {
        ["cpu"] = "8",
        ["memory"] = "32Gi",
        ["ephemeral-storage"] = "500Gi",
        ["pods"] = "110",
    };

    private static JsonObject Condition(string type, string status, string reason, string message, string since) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = since,
        ["lastTransitionTime"] = since,
        ["reason"] = reason,
        ["message"] = message,
    };
}
