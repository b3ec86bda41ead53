using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Nodes;

/// <summary>
/// Stands in for the kubelets of the fake nodes, for the pods of simulated Deployments: a pod bound to
/// a node is reported as starting at once, and as running <see cref="PodLifecycle.ReadyAfter"/> later,
/// ready unless <see cref="PodLifecycle.NeverReady"/> says otherwise. Containers never crash or restart.
/// </summary>
internal sealed class Kubelet(ResourceStore store, TimeProvider time, PodLifecycle lifecycle, DelayedWork later)
{
    // Pod addresses are handed out from each node's podCIDR, in order.
    private readonly Dictionary<string, int> _addressesUsed = new(StringComparer.Ordinal);

    public void Sync(PodView changed)
    {
        // Act on the pod as it is now: later changes may be queued behind this one.
        if (changed.DeploymentOwner is null || changed.NodeName is null
            || store.Get("v1", "Pod", changed.Namespace, changed.Name) is not { } json || Meta.Uid(json) != changed.Uid)
        {
            return;
        }

        var pod = new PodView(json);
        if (pod.NodeName is not { } nodeName || pod.Phase == "Running")
        {
            return;
        }

        if (pod.IsTerminating)
        {
            later.Cancel(TimerKey(pod));
            return;
        }

        if (pod.Json["status"]?["startTime"] is null)
        {
            var hostIp = Address(Node(nodeName), "InternalIP");
            WriteStatus(pod, PodStatusBuilder.Starting(pod, hostIp, time.GetUtcNow()));
        }

        if (!later.IsScheduled(TimerKey(pod)))
        {
            later.Schedule(TimerKey(pod), lifecycle.ReadyAfter, () => Run(pod.Namespace, pod.Name, pod.Uid));
        }
    }

    public void Forget(PodView pod) => later.Cancel(TimerKey(pod));

    // The init containers have finished and the containers run.
    private void Run(string ns, string name, string uid)
    {
        if (store.Get("v1", "Pod", ns, name) is not { } json || Meta.Uid(json) != uid)
        {
            return;
        }

        var pod = new PodView(json);
        if (pod.IsTerminating || pod.NodeName is not { } nodeName || pod.Phase == "Running")
        {
            return;
        }

        var typed = ResourceStore.FromJson<V1Pod>(json);
        var ready = !lifecycle.NeverReady(typed);
        string? InitMessage(JsonObject container) =>
            typed.Spec.InitContainers?.FirstOrDefault(c => c.Name == JsonRead.OptionalText(container["name"])) is { } init
                ? lifecycle.InitContainerMessage(typed, init)
                : null;
        WriteStatus(pod, PodStatusBuilder.Running(pod, NextPodAddress(Node(nodeName)), ready, InitMessage, time.GetUtcNow()));
    }

    private void WriteStatus(PodView pod, JsonObject status) =>
        store.Update("v1", "Pod", pod.Namespace, pod.Name, p =>
        {
            if (Meta.Uid(p) == pod.Uid)
            {
                p["status"] = status;
            }
        });

    private JsonObject Node(string name) => store.Get("v1", "Node", null, name) ?? [];

    private static string Address(JsonObject node, string type) =>
        JsonRead.Objects(node["status"]?["addresses"]).Where(a => JsonRead.OptionalText(a["type"]) == type)
            .Select(a => JsonRead.OptionalText(a["address"]))
            .FirstOrDefault() ?? string.Empty;

    // The next free address of the node's podCIDR (a /24 here): .1 is the node's bridge.
    private string NextPodAddress(JsonObject node)
    {
        var cidr = JsonRead.OptionalText(node["spec"]?["podCIDR"]) ?? "10.42.0.0/24";
        var network = cidr[..cidr.LastIndexOf('.')];
        var used = _addressesUsed.GetValueOrDefault(cidr) + 1;
        _addressesUsed[cidr] = used;
        return $"{network}.{(used % 253) + 2}";
    }

    private static string TimerKey(PodView pod) => $"pod/{pod.Uid}";
}
