using k8s;
using k8s.Models;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Resources;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>A rollout that cannot finish reaches the assistant's status with the Deployment's or the scheduler's words.</summary>
public sealed class StuckRolloutTests
{
    [Fact]
    public async Task ProgressDeadlineExceeded_MakesProgressingFalse_WithTheDeploymentsMessage()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        const string message = "ReplicaSet \"family-6d4cf56db6\" has timed out progressing.";
        h.Fake.Store.Update<V1Deployment>(Namespace, "family", d => d.Status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = 1,
            UpdatedReplicas = 1,
            UnavailableReplicas = 1,
            Conditions =
            [
                new V1DeploymentCondition { Type = "Available", Status = "False", Reason = "MinimumReplicasUnavailable", Message = "Deployment does not have minimum availability." },
                new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded", Message = message },
            ],
        });

        await h.ReconcileAsync("family");

        var ad = await h.GetAsync("family");
        var progressing = FindCondition(ad, ConditionTypes.Progressing)!;
        Assert.Equal(("False", ConditionReasons.ProgressDeadlineExceeded, message), (progressing.Status, progressing.Reason, progressing.Message));
        Assert.Equal("False", Condition(ad, ConditionTypes.Ready));
    }

    [Fact]
    public async Task UnschedulablePods_MakeReadyFalse_WithTheSchedulersMessage()
    {
        await using var h = await StartAsync();
        var ad = await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        const string message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
        var pod = await h.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "family-6d4cf56db6-x2x9k", Labels = Naming.SelectorLabels(ad) },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "runtime", Image = "runtime" }] },
        }, Namespace);
        pod.Status = new V1PodStatus
        {
            Phase = "Pending",
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = message }],
        };
        await h.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, Namespace);

        await h.ReconcileAsync("family");

        var ready = FindCondition(await h.GetAsync("family"), ConditionTypes.Ready)!;
        Assert.Equal(("False", ConditionReasons.PodsUnschedulable), (ready.Status, ready.Reason));
        Assert.Contains(message, ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodsTheSchedulerCannotPlace_ShowInReady_AndPastTheDeadlineInProgressing()
    {
        await using var h = await StartAsync(clusterOnTestClock: true);
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.Zero);
        await h.CreateAsync("family", "replicas: 1\nnodeSelector: {disktype: nvme}\n");

        var waiting = await h.ReconcileUntilAsync("family", a => FindCondition(a, ConditionTypes.Ready)?.Reason == ConditionReasons.PodsUnschedulable);
        Assert.Contains("didn't match Pod's node affinity/selector", FindCondition(waiting, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Equal(("True", ConditionReasons.RollingOut),
            (FindCondition(waiting, ConditionTypes.Progressing)!.Status, FindCondition(waiting, ConditionTypes.Progressing)!.Reason));

        // The Deployment's default progressDeadlineSeconds is 600.
        h.Time.Advance(TimeSpan.FromSeconds(601));
        var stuck = await h.ReconcileUntilAsync("family", a => FindCondition(a, ConditionTypes.Progressing)?.Reason == ConditionReasons.ProgressDeadlineExceeded);
        Assert.Equal("False", Condition(stuck, ConditionTypes.Progressing));
        Assert.Contains("has timed out progressing", FindCondition(stuck, ConditionTypes.Progressing)!.Message, StringComparison.Ordinal);
    }
}
