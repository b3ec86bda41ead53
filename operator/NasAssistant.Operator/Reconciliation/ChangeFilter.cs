using System.Text.Json.Nodes;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Which observed changes could make a reconcile do anything different, so that only those queue work —
/// the way the Prometheus Operator filters its informers' updates (<c>hasStateChanged</c>: generation,
/// labels, annotations). Additions and deletions always matter. An AssistantDeployment's update matters
/// when its spec (generation), labels, annotations or deletion changed, or the operator's finalizer went
/// missing — never a status write, the operator's own above all. A child's or pod's update matters when
/// anything outside its status changed (what the operator applied, its ownership, another writer's edit),
/// or the part of its status the operator reads; the rest of a status is other controllers' bookkeeping.
/// Pure.
/// </summary>
internal static class ChangeFilter
{
    public static bool Matters(ResourceEvent change)
    {
        if (change is not { Type: ResourceEventType.Modified, Previous: { } before })
        {
            return true;
        }

        return change.Kind == KubernetesKind.AssistantDeployment
            ? PrimaryChanged(before, change.Object)
            : !SameOutsideStatus(before, change.Object) || !JsonNode.DeepEquals(StatusRead(change.Kind, before), StatusRead(change.Kind, change.Object));
    }

    private static bool PrimaryChanged(JsonObject before, JsonObject after)
    {
        bool Differs(string field) => !JsonNode.DeepEquals(before["metadata"]?[field], after["metadata"]?[field]);
        return Differs("generation") || Differs("uid") || Differs("deletionTimestamp") || Differs("labels") || Differs("annotations")
            || (HasFinalizer(before) && !HasFinalizer(after));
    }

    private static bool HasFinalizer(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray finalizers && finalizers.Any(f => f?.GetValue<string>() == Naming.Finalizer);

    // Everything but the status and the API server's bookkeeping of the object's versions.
    private static bool SameOutsideStatus(JsonObject before, JsonObject after)
    {
        static IEnumerable<KeyValuePair<string, JsonNode?>> Metadata(JsonObject obj) =>
            (obj["metadata"] as JsonObject ?? []).Where(p => p.Key is not ("resourceVersion" or "managedFields" or "generation"));

        static IEnumerable<KeyValuePair<string, JsonNode?>> Rest(JsonObject obj) => obj.Where(p => p.Key is not ("metadata" or "status"));

        return SameProperties(Metadata(before), Metadata(after)) && SameProperties(Rest(before), Rest(after));
    }

    private static bool SameProperties(IEnumerable<KeyValuePair<string, JsonNode?>> before, IEnumerable<KeyValuePair<string, JsonNode?>> after)
    {
        var expected = before.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var count = 0;
        foreach (var (key, value) in after)
        {
            count++;
            if (!expected.TryGetValue(key, out var old) || !JsonNode.DeepEquals(old, value))
            {
                return false;
            }
        }

        return count == expected.Count;
    }

    /// <summary>The part of a child's or pod's status that the status calculation and the volume planner read.</summary>
    private static JsonNode? StatusRead(KubernetesKind kind, JsonObject obj)
    {
        var status = obj["status"];
        if (kind == KubernetesKind.Deployment)
        {
            // Replicas and rollout progress (StatusCalculator); a stuck rollout's message.
            var progressing = Condition(status, "Progressing");
            return new JsonArray(
                status?["observedGeneration"]?.DeepClone(), status?["replicas"]?.DeepClone(), status?["readyReplicas"]?.DeepClone(),
                status?["updatedReplicas"]?.DeepClone(), progressing?["status"]?.DeepClone(), progressing?["reason"]?.DeepClone(),
                progressing?["reason"]?.GetValue<string>() == "ProgressDeadlineExceeded" ? progressing["message"]?.DeepClone() : null);
        }

        if (kind == KubernetesKind.PersistentVolumeClaim)
        {
            // Whether the claim is bound, which decides whether it may grow (ClaimPlanner).
            return status?["phase"]?.DeepClone();
        }

        if (kind == KubernetesKind.Certificate)
        {
            // cert-manager's Ready condition (CertificateReady).
            var ready = Condition(status, "Ready");
            return new JsonArray(ready?["status"]?.DeepClone(), ready?["message"]?.DeepClone());
        }

        if (kind == KubernetesKind.Pod)
        {
            // Whether the scheduler placed the pod, and the quantize step's digest (PodObserver).
            var scheduled = Condition(status, "PodScheduled");
            var quantized = (status?["initContainerStatuses"] as JsonArray ?? [])
                .FirstOrDefault(s => s?["name"]?.GetValue<string>() == DeploymentBuilder.QuantizeContainerName)?["state"]?["terminated"];
            return new JsonArray(
                scheduled?["status"]?.DeepClone(), scheduled?["reason"]?.DeepClone(), scheduled?["message"]?.DeepClone(),
                quantized?["exitCode"]?.DeepClone(), quantized?["message"]?.DeepClone());
        }

        return null;
    }

    private static JsonNode? Condition(JsonNode? status, string type) =>
        (status?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.GetValue<string>() == type);
}
