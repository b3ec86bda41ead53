using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Controllers.Volumes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// Stands in for kube-scheduler for the pods of simulated Deployments: binds a pod to the node the
/// algorithm picks, provisioning its WaitForFirstConsumer claims there first (PreBind), or marks it
/// PodScheduled=False/Unschedulable with the FitError message and a FailedScheduling event, and tries
/// again whenever nodes, pods, claims or storage classes change.
/// </summary>
internal sealed class Scheduler(ResourceStore store, TimeProvider time, VolumeBinder binder, StorageClasses classes)
{
    private readonly HashSet<string> _unschedulable = new(StringComparer.Ordinal);
    private long _events;

    public void Sync(PodView pod)
    {
        if (pod.DeploymentOwner is not null && pod.NodeName is null)
        {
            TrySchedule(pod.Namespace, pod.Name);
        }
    }

    /// <summary>Gives every pod that did not fit another chance (the scheduling queue's move to active).</summary>
    public void RetryUnschedulable()
    {
        foreach (var key in _unschedulable.ToList())
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            TrySchedule(key[..slash], key[(slash + 1)..]);
        }
    }

    public void Forget(PodView pod) => _unschedulable.Remove(pod.Key);

    private void TrySchedule(string ns, string name)
    {
        var json = store.Get("v1", "Pod", ns, name);
        var pod = json is null ? null : new PodView(json);
        if (pod is null || pod.NodeName is not null || !pod.IsActive)
        {
            _unschedulable.Remove($"{ns}/{name}");
            return;
        }

        var (node, message) = SchedulingAlgorithm.Schedule(pod, new SchedulingSnapshot(store, classes));
        if (node is not null)
        {
            _unschedulable.Remove(pod.Key);
            binder.BindForPod(pod, node);
            Bind(pod, node);
        }
        else
        {
            _unschedulable.Add(pod.Key);
            ReportUnschedulable(pod, message!);
        }
    }

    // The binding subresource (pkg/registry/core/pod/storage/storage.go) sets the node and PodScheduled=True.
    private void Bind(PodView pod, string node) =>
        store.Update("v1", "Pod", pod.Namespace, pod.Name, p =>
        {
            Meta.Section(p, "spec")["nodeName"] = node;
            SetScheduledCondition(p, new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" });
        });

    // handleSchedulingFailure (schedule_one.go): the PodScheduled condition and a FailedScheduling event.
    // The real scheduler records the event on every attempt (the event library folds repeats into a
    // series); here one is recorded for each new message.
    private void ReportUnschedulable(PodView pod, string message)
    {
        if (JsonRead.OptionalText(pod.Condition("PodScheduled")?["message"]) == message)
        {
            return;
        }

        store.Update("v1", "Pod", pod.Namespace, pod.Name, p => SetScheduledCondition(p, new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",

            // Without any node the attempt fails with an error rather than a FitError.
            ["reason"] = message == FitError.NoNodes ? "SchedulerError" : "Unschedulable",
            ["message"] = message,
        }));
        store.Create(FailedSchedulingEvent(pod, message));
    }

    // UpdatePodCondition (pkg/api/v1/pod/util.go): lastTransitionTime moves only with the status.
    private void SetScheduledCondition(JsonObject pod, JsonObject condition)
    {
        var status = Meta.Section(pod, "status");
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var previous = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonRead.OptionalText(c["type"]) == "PodScheduled");
        condition["lastProbeTime"] = null;
        condition["lastTransitionTime"] = previous is not null && JsonRead.OptionalText(previous["status"]) == JsonRead.OptionalText(condition["status"])
            ? previous["lastTransitionTime"]?.DeepClone()
            : Meta.Timestamp(time.GetUtcNow());
        if (previous is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(previous)] = condition;
        }
    }

    // What the scheduler's events.k8s.io recorder writes, as read through core/v1: named after the pod
    // and the time, with eventTime and the reporting controller instead of the deprecated timestamps.
    private JsonObject FailedSchedulingEvent(PodView pod, string message)
    {
        var now = time.GetUtcNow();
        var suffix = (((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + _events++).ToString("x", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = $"{pod.Name}.{suffix}", ["namespace"] = pod.Namespace },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["namespace"] = pod.Namespace,
                ["name"] = pod.Name,
                ["uid"] = pod.Uid,
            },
            ["reason"] = "FailedScheduling",
            ["message"] = message,
            ["type"] = "Warning",
            ["action"] = "Scheduling",
            ["reportingComponent"] = "default-scheduler",
            ["reportingInstance"] = "default-scheduler",
            ["eventTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["source"] = new JsonObject(),
        };
    }
}
