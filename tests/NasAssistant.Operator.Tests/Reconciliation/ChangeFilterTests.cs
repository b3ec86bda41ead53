using System.Text.Json.Nodes;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Reconciliation;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>Which observed updates queue a reconcile: what could change what the operator does or reports.</summary>
public sealed class ChangeFilterTests
{
    private const string Assistant = """
        {"apiVersion": "nasassistant.io/v1alpha1", "kind": "AssistantDeployment",
         "metadata": {"name": "family", "namespace": "home", "uid": "u1", "generation": 2, "resourceVersion": "10",
                      "labels": {"team": "a"}, "annotations": {"note": "x"}, "finalizers": ["nasassistant.io/finalizer"],
                      "managedFields": [{"manager": "kubectl"}]},
         "spec": {"replicas": 1},
         "status": {"observedGeneration": 2, "readyReplicas": 1}}
        """;

    private const string ConfigMap = """
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "family-config", "namespace": "home", "resourceVersion": "20",
                      "labels": {"app.kubernetes.io/managed-by": "nas-assistant-operator", "app.kubernetes.io/instance": "family"},
                      "ownerReferences": [{"kind": "AssistantDeployment", "name": "family", "uid": "u1", "controller": true}],
                      "managedFields": [{"manager": "nas-assistant-operator"}]},
         "data": {"runtime.yaml": "a"}}
        """;

    private const string Deployment = """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "family", "namespace": "home", "generation": 3, "resourceVersion": "30"},
         "spec": {"replicas": 2},
         "status": {"observedGeneration": 3, "replicas": 2, "readyReplicas": 1, "updatedReplicas": 2,
                    "conditions": [
                      {"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable", "lastUpdateTime": "2026-01-01T00:00:00Z"},
                      {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated", "message": "progressing", "lastUpdateTime": "2026-01-01T00:00:00Z"}]}}
        """;

    private const string Claim = """
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
         "metadata": {"name": "family-models", "namespace": "home", "resourceVersion": "40"},
         "spec": {"resources": {"requests": {"storage": "10Gi"}}},
         "status": {"phase": "Pending"}}
        """;

    private const string Pod = """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "family-abc", "namespace": "home", "resourceVersion": "50"},
         "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "True"}], "hostIP": "10.0.0.1"}}
        """;

    public static TheoryData<string, string, string, bool> Updates() => new()
    {
        // The AssistantDeployment: its spec, labels, annotations and deletion matter; its status never does.
        { "status written (the operator's own)", Assistant, """{"metadata": {"resourceVersion": "11"}, "status": {"readyReplicas": 2}}""", false },
        { "managed fields only", Assistant, """{"metadata": {"resourceVersion": "11", "managedFields": [{"manager": "nas-assistant-operator"}]}}""", false },
        { "spec changed", Assistant, """{"metadata": {"resourceVersion": "11", "generation": 3}, "spec": {"replicas": 2}}""", true },
        { "label changed", Assistant, """{"metadata": {"resourceVersion": "11", "labels": {"team": "b"}}}""", true },
        { "annotation added", Assistant, """{"metadata": {"resourceVersion": "11", "annotations": {"note": "x", "other": "y"}}}""", true },
        { "deletion requested", Assistant, """{"metadata": {"resourceVersion": "11", "deletionTimestamp": "2026-01-01T00:00:00Z"}}""", true },
        { "finalizer removed by someone", Assistant, """{"metadata": {"resourceVersion": "11", "finalizers": []}}""", true },

        // A child: anything outside its status matters (the operator's fields, ownership, another writer's edit).
        { "child re-listed unchanged", ConfigMap, """{"metadata": {"resourceVersion": "21"}}""", false },
        { "child's managed fields only", ConfigMap, """{"metadata": {"resourceVersion": "21", "managedFields": [{"manager": "kubectl"}]}}""", false },
        { "child edited by hand", ConfigMap, """{"metadata": {"resourceVersion": "21"}, "data": {"runtime.yaml": "b"}}""", true },
        { "child's owner reference removed", ConfigMap, """{"metadata": {"resourceVersion": "21", "ownerReferences": []}}""", true },
        { "child's label removed", ConfigMap, """{"metadata": {"resourceVersion": "21", "labels": {"app.kubernetes.io/managed-by": null}}}""", true },

        // A Deployment's status: replicas and rollout progress matter, the controller's timestamps do not.
        { "deployment condition's lastUpdateTime", Deployment, """{"metadata": {"resourceVersion": "31"}, "status": {"conditions": [{"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable", "lastUpdateTime": "2026-01-01T00:05:00Z"}, {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated", "message": "progressing", "lastUpdateTime": "2026-01-01T00:05:00Z"}]}}""", false },
        { "deployment pod became ready", Deployment, """{"metadata": {"resourceVersion": "31"}, "status": {"readyReplicas": 2}}""", true },
        { "deployment observed its generation", Deployment, """{"metadata": {"resourceVersion": "31"}, "status": {"observedGeneration": 4}}""", true },
        { "deployment's rollout stuck", Deployment, """{"metadata": {"resourceVersion": "31"}, "status": {"conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "timed out"}]}}""", true },
        { "deployment scaled by the autoscaler", Deployment, """{"metadata": {"resourceVersion": "31", "generation": 4}, "spec": {"replicas": 3}}""", true },

        // A claim's phase decides whether it may grow; a pod's scheduling and its quantize step's result are reported.
        { "claim bound", Claim, """{"metadata": {"resourceVersion": "41"}, "status": {"phase": "Bound"}}""", true },
        { "claim's capacity reported", Claim, """{"metadata": {"resourceVersion": "41"}, "status": {"phase": "Pending", "capacity": {"storage": "10Gi"}}}""", false },
        { "pod unschedulable", Pod, """{"metadata": {"resourceVersion": "51"}, "status": {"conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/1 nodes are available"}]}}""", true },
        { "pod's host address", Pod, """{"metadata": {"resourceVersion": "51"}, "status": {"hostIP": "10.0.0.2"}}""", false },
        { "pod's quantize step finished", Pod, """{"metadata": {"resourceVersion": "51"}, "status": {"initContainerStatuses": [{"name": "quantize-model", "state": {"terminated": {"exitCode": 0, "message": "abc"}}}]}}""", true },
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void Modified_MattersOnlyWhenItCouldChangeWhatTheOperatorDoesOrReports(string name, string before, string patch, bool matters)
    {
        var previous = JsonNode.Parse(before)!.AsObject();
        var current = Merge(previous.DeepClone().AsObject(), JsonNode.Parse(patch)!.AsObject());
        var kind = KubernetesKind.Watched.Append(KubernetesKind.AssistantDeployment).Single(k => k.Kind == previous["kind"]!.GetValue<string>());

        Assert.True(ChangeFilter.Matters(new ResourceEvent(kind, ResourceEventType.Modified, current, previous)) == matters, name);
    }

    [Theory]
    [InlineData(nameof(ResourceEventType.Added))]
    [InlineData(nameof(ResourceEventType.Deleted))]
    public void AdditionsAndDeletions_AlwaysMatter(string type)
    {
        var obj = JsonNode.Parse(ConfigMap)!.AsObject();

        Assert.True(ChangeFilter.Matters(new ResourceEvent(KubernetesKind.ConfigMap, Enum.Parse<ResourceEventType>(type), obj)));
    }

    // A JSON merge patch (RFC 7386) applied in place: objects merge, null removes, everything else replaces.
    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject nested && target[key] is JsonObject existing)
            {
                Merge(existing, nested);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }
}
