using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using static NasAssistant.FakeKube.Printing.ObjectFields;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// The pod printer: ready containers, the status reason kubectl shows (Init:…, CrashLoopBackOff,
/// Terminating…), restarts and the wide columns (printPod in printers.go).
/// </summary>
internal static class PodPrinter
{
    public static Printer Pod { get; } = new(
        [
            TableColumn.ObjectName,
            new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            new("Status", "string", "The aggregate status of the containers in this pod."),
            new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            TableColumn.Age,
            new("IP", "string", "podIP address allocated to the pod.", Priority: 1),
            new("Node", "string", "NodeName indicates in which node this pod is scheduled.", Priority: 1),
            new("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", Priority: 1),
            new("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", Priority: 1),
        ],
        Row)
    {
        Conditions = RowConditions,
    };

    private static JsonArray Row(JsonObject pod, DateTimeOffset now)
    {
        var status = pod["status"];
        var phase = Text(status, "phase");
        var reason = Text(status, "reason") is { Length: > 0 } statusReason ? statusReason : phase;
        if (Items(status, "conditions").Any(c => Text(c, "type") == "PodScheduled" && Text(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initContainers = Items(pod, "spec", "initContainers");
        var restartable = initContainers.Where(c => Text(c, "restartPolicy") == "Always").Select(c => Text(c, "name")).ToHashSet();
        var totalContainers = Items(pod, "spec", "containers").Count + restartable.Count;
        var readyContainers = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = Items(status, "initContainerStatuses");
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += Number(container, "restartCount");
            lastRestart = Latest(lastRestart, FinishedAt(container));
            var isSidecar = restartable.Contains(Text(container, "name"));
            if (isSidecar)
            {
                sidecarRestarts += Number(container, "restartCount");
                lastSidecarRestart = Latest(lastSidecarRestart, FinishedAt(container));
            }

            var terminated = At(container, "state", "terminated");
            var waitingReason = Text(container, "state", "waiting", "reason");
            if (terminated is not null && Number(terminated, "exitCode") == 0)
            {
                continue;
            }

            if (isSidecar && Flag(container, "started"))
            {
                readyContainers += Flag(container, "ready") ? 1 : 0;
                continue;
            }

            if (terminated is not null)
            {
                reason = Text(terminated, "reason") is { Length: > 0 } terminatedReason
                    ? "Init:" + terminatedReason
                    : Number(terminated, "signal") != 0 ? $"Init:Signal:{Number(terminated, "signal")}" : $"Init:ExitCode:{Number(terminated, "exitCode")}";
            }
            else if (waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = $"Init:{i.ToString(CultureInfo.InvariantCulture)}/{initContainers.Count.ToString(CultureInfo.InvariantCulture)}";
            }

            initializing = true;
            break;
        }

        if (!initializing || HasCondition(status, "Initialized"))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = Items(status, "containerStatuses");
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Number(container, "restartCount");
                lastRestart = Latest(lastRestart, FinishedAt(container));
                var terminated = At(container, "state", "terminated");
                if (Text(container, "state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null && Text(terminated, "reason") is { Length: > 0 } terminatedReason)
                {
                    reason = terminatedReason;
                }
                else if (terminated is not null)
                {
                    reason = Number(terminated, "signal") != 0 ? $"Signal:{Number(terminated, "signal")}" : $"ExitCode:{Number(terminated, "exitCode")}";
                }
                else if (Flag(container, "ready") && At(container, "state", "running") is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            // A completed container beside one still running: the pod is Running (or NotReady).
            if (reason == "Completed" && hasRunning)
            {
                reason = HasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (Meta.IsDeleting(pod) && Text(status, "reason") == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (Meta.IsDeleting(pod) && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        var restartText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last)
        {
            restartText += $" ({HumanDuration.Long(now - last)} ago)";
        }

        var podIps = Items(status, "podIPs");
        return
        [
            Meta.Name(pod), $"{readyContainers.ToString(CultureInfo.InvariantCulture)}/{totalContainers.ToString(CultureInfo.InvariantCulture)}",
            reason, restartText, Age(pod, now),
            podIps.Count > 0 && Text(podIps[0], "ip") is { Length: > 0 } ip ? ip : "<none>",
            OrNone(Text(pod, "spec", "nodeName")), OrNone(Text(status, "nominatedNodeName")), ReadinessGates(pod),
        ];
    }

    // podSuccessConditions / podFailedConditions
    private static JsonArray? RowConditions(JsonObject pod) => Text(pod, "status", "phase") switch
    {
        "Succeeded" => [Completed("Succeeded", "The pod has completed successfully.")],
        "Failed" => [Completed("Failed", "The pod failed.")],
        _ => null,
    };

    private static JsonObject Completed(string reason, string message) =>
        new() { ["type"] = "Completed", ["status"] = "True", ["reason"] = reason, ["message"] = message };

    private static string ReadinessGates(JsonObject pod)
    {
        var gates = Items(pod, "spec", "readinessGates");
        if (gates.Count == 0)
        {
            return "<none>";
        }

        var conditions = Items(pod, "status", "conditions");
        var satisfied = gates.Count(g => conditions.FirstOrDefault(c => Text(c, "type") == Text(g, "conditionType")) is { } c && Text(c, "status") == "True");
        return $"{satisfied.ToString(CultureInfo.InvariantCulture)}/{gates.Count.ToString(CultureInfo.InvariantCulture)}";
    }

    private static bool HasCondition(JsonNode? status, string type) =>
        Items(status, "conditions").Any(c => Text(c, "type") == type && Text(c, "status") == "True");

    private static DateTimeOffset? FinishedAt(JsonObject container) =>
        DateTimeOffset.TryParse(Text(container, "lastState", "terminated", "finishedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finished)
            ? finished
            : null;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null || (b is not null && b > a) ? b : a;

    private static string OrNone(string value) => value.Length == 0 ? "<none>" : value;
}
