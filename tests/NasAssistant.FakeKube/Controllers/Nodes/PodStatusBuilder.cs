using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Nodes;

/// <summary>
/// The status a kubelet reports for a pod it runs (generateAPIPodStatus, pkg/kubelet/kubelet_pods.go,
/// with the conditions of pkg/kubelet/status/generate.go): first while its containers are being
/// created, then once they run.
/// </summary>
internal static class PodStatusBuilder
{
    /// <summary>The node has the pod; its sandbox and containers are being created.</summary>
    public static JsonObject Starting(PodView pod, string hostIp, DateTimeOffset now)
    {
        var initContainers = Names(pod, "initContainers");
        var containers = Names(pod, "containers");
        var waitingReason = initContainers.Count > 0 ? "PodInitializing" : "ContainerCreating";
        var status = new JsonObject
        {
            ["phase"] = "Pending",
            ["conditions"] = Conditions(pod, now,
                ("PodReadyToStartContainers", null),
                ("Initialized", initContainers.Count == 0 ? null : ("ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', initContainers)}]")),
                ("Ready", ("ContainersNotReady", Unready(containers))),
                ("ContainersReady", ("ContainersNotReady", Unready(containers)))),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["startTime"] = Meta.Timestamp(now),
        };
        AddStatuses(status, "initContainerStatuses", pod, "initContainers", container => Waiting(pod, container, "PodInitializing"));
        AddStatuses(status, "containerStatuses", pod, "containers", container => Waiting(pod, container, waitingReason));
        return status;
    }

    /// <summary>
    /// The init containers exited 0 (leaving <paramref name="initMessage"/>) and the containers run;
    /// they pass their readiness probes if <paramref name="ready"/>.
    /// </summary>
    public static JsonObject Running(PodView pod, string podIp, bool ready, Func<JsonObject, string?> initMessage, DateTimeOffset now)
    {
        var containers = Names(pod, "containers");
        (string, string)? notReady = ready ? null : ("ContainersNotReady", Unready(containers));
        var status = (JsonObject)(pod.Json["status"]?.DeepClone() ?? new JsonObject());
        status["phase"] = "Running";
        status["conditions"] = Conditions(pod, now, ("PodReadyToStartContainers", null), ("Initialized", null), ("Ready", notReady), ("ContainersReady", notReady));
        status["podIP"] = podIp;
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        var started = Meta.Timestamp(now);
        AddStatuses(status, "initContainerStatuses", pod, "initContainers", container =>
        {
            var terminated = new JsonObject
            {
                ["exitCode"] = 0,
                ["reason"] = "Completed",
                ["startedAt"] = started,
                ["finishedAt"] = started,
                ["containerID"] = ContainerId(pod, container),
            };
            if (initMessage(container) is { } message)
            {
                terminated["message"] = message;
            }

            return Status(pod, container, ready: true, started: false, new JsonObject { ["terminated"] = terminated });
        });
        AddStatuses(status, "containerStatuses", pod, "containers", container =>
            Status(pod, container, ready, started: true, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = started } }));
        return status;
    }

    // Conditions in the kubelet's order, with PodScheduled kept as the scheduler set it. A null
    // (reason, message) means True. lastTransitionTime moves only when a condition's status does.
    private static JsonArray Conditions(PodView pod, DateTimeOffset now, params (string Type, (string Reason, string Message)? FalseBecause)[] conditions)
    {
        var result = new JsonArray();
        foreach (var (type, falseBecause) in conditions)
        {
            var value = falseBecause is null ? "True" : "False";
            var previous = pod.Condition(type);
            var condition = new JsonObject
            {
                ["type"] = type,
                ["status"] = value,
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = JsonRead.OptionalText(previous?["status"]) == value ? previous!["lastTransitionTime"]?.DeepClone() : Meta.Timestamp(now),
            };
            if (falseBecause is { } why)
            {
                condition["reason"] = why.Reason;
                condition["message"] = why.Message;
            }

            result.Add(condition);
        }

        if (pod.Condition("PodScheduled") is { } scheduled)
        {
            result.Add(scheduled.DeepClone());
        }

        return result;
    }

    private static void AddStatuses(JsonObject status, string field, PodView pod, string containersField, Func<JsonObject, JsonObject> build)
    {
        var containers = JsonRead.Objects(pod.Spec[containersField]).ToList();
        if (containers.Count > 0)
        {
            status[field] = new JsonArray(containers.Select(c => (JsonNode?)build(c)).ToArray());
        }
    }

    private static JsonObject Waiting(PodView pod, JsonObject container, string reason) =>
        Status(pod, container, ready: false, started: false, new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } }, created: false);

    private static JsonObject Status(PodView pod, JsonObject container, bool ready, bool started, JsonObject state, bool created = true)
    {
        var image = JsonRead.OptionalText(container["image"]) ?? string.Empty;
        var status = new JsonObject
        {
            ["name"] = JsonRead.OptionalText(container["name"]),
            ["state"] = state,
            ["lastState"] = new JsonObject(),
            ["ready"] = ready,
            ["restartCount"] = 0,
            ["image"] = image,
            ["imageID"] = created ? $"{image}@sha256:{Digest(image)}" : string.Empty,
            ["started"] = started,
        };
        if (created)
        {
            status["containerID"] = ContainerId(pod, container);
        }

        return status;
    }

    private static List<string> Names(PodView pod, string field) =>
        JsonRead.Objects(pod.Spec[field]).Select(c => JsonRead.OptionalText(c["name"]) ?? string.Empty).ToList();

    private static string Unready(List<string> containers) => $"containers with unready status: [{string.Join(' ', containers)}]";

    private static string ContainerId(PodView pod, JsonObject container) => $"containerd://{Digest($"{pod.Uid}/{JsonRead.OptionalText(container["name"])}")}";

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
