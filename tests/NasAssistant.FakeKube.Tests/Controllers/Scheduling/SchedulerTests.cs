using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;
using static NasAssistant.FakeKube.Tests.TestSupport.ValidObjects;
using static NasAssistant.FakeKube.Tests.TestSupport.Workloads;

namespace NasAssistant.FakeKube.Tests.Controllers.Scheduling;

/// <summary>The simulated scheduler on one node (the default, like a single-node k3s NAS).</summary>
public sealed class SchedulerTests : WorkloadTest
{
    private const string Preemption = "no new claims to deallocate, preemption: 0/1 nodes are available:";

    [Fact]
    public async Task WaitForFirstConsumerClaim_IsBoundOnTheNodeOfItsFirstPod()
    {
        await SimulateAsync();
        var created = await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data"), Namespace);
        await Task.Delay(100);
        Assert.Null((await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Namespace)).Spec.VolumeName);

        await CreateAsync(Deployment("web", 1, Mounting("data")));
        await ReadyPodsAsync("web", 1);

        var claim = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Namespace);
        Assert.Equal("Bound", claim.Status.Phase);
        Assert.Equal($"pvc-{created.Metadata.Uid}", claim.Spec.VolumeName);
        Assert.Equal(["ReadWriteOnce"], claim.Status.AccessModes);
        Assert.Equal("1Gi", claim.Status.Capacity["storage"].ToString());
        Assert.Equal("nas", claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        Assert.Equal("rancher.io/local-path", claim.Metadata.Annotations["volume.kubernetes.io/storage-provisioner"]);
        Assert.Equal("yes", claim.Metadata.Annotations["pv.kubernetes.io/bind-completed"]);
    }

    [Fact]
    public async Task ReadWriteOnceClaim_SharedByPodsOnOneNode_Schedules()
    {
        await SimulateAsync();
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data"), Namespace);

        await CreateAsync(Deployment("web", 2, Mounting("data")));

        var pods = await ReadyPodsAsync("web", 2);
        Assert.All(pods, pod => Assert.Equal("nas", pod.Spec.NodeName));
    }

    [Fact]
    public async Task ReadWriteOncePodClaim_AdmitsOnePod_TheOtherStaysPending()
    {
        await SimulateAsync();
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data", "ReadWriteOncePod"), Namespace);

        await CreateAsync(Deployment("web", 2, Mounting("data")));

        var pods = await PodsUntilAsync("web", p => p.Count(IsReady) == 1 && p.Any(IsUnschedulable), "one pod running, one unschedulable");
        var pending = pods.Single(IsUnschedulable);
        Assert.Equal("Pending", pending.Status.Phase);
        Assert.Null(pending.Spec.NodeName);
        Assert.Equal(
            "0/1 nodes are available: 1 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode. "
            + $"{Preemption} 1 No preemption victims found for incoming pod.",
            Condition(pending, "PodScheduled")!.Message);
        await FailedSchedulingEventAsync(pending);
    }

    [Fact]
    public async Task ReadWriteOncePodClaim_UnderRecreate_MovesToTheNewPod()
    {
        await SimulateAsync();
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data", "ReadWriteOncePod"), Namespace);
        await CreateAsync(Deployment("web", 1, Mounting("data"), strategy: Recreate()));
        var oldHash = Hash((await ReadyPodsAsync("web", 1))[0]);

        await ChangeImageAsync("web", "registry.example/app:2");

        await PodsUntilAsync("web", p => p.Count == 1 && Hash(p[0]) != oldHash && IsReady(p[0]), "the new pod to run");
    }

    [Theory]
    [InlineData("NoSchedule", false)]
    [InlineData("NoExecute", false)]
    [InlineData("PreferNoSchedule", true)]
    public async Task Taints_KeepPodsWithoutTolerationsOff(string effect, bool schedules)
    {
        Fake.Store.Update<V1Node>(null, "nas", n => n.Spec.Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = effect }]);
        await SimulateAsync();

        await CreateAsync(Deployment("web", 1));

        if (schedules)
        {
            await ReadyPodsAsync("web", 1);
            return;
        }

        var pod = (await PodsUntilAsync("web", p => p.Count == 1 && IsUnschedulable(p[0]), "an unschedulable pod"))[0];
        Assert.Equal($"0/1 nodes are available: 1 node(s) had untolerated taint(s). {Preemption} 1 Preemption is not helpful for scheduling.",
            Condition(pod, "PodScheduled")!.Message);
    }

    [Theory]
    [InlineData("Equal", "gpu", "NoSchedule")]
    [InlineData("Exists", null, "NoSchedule")]
    [InlineData("Exists", null, null)]
    public async Task Tolerations_LetPodsOntoTaintedNodes(string op, string? value, string? effect)
    {
        Fake.Store.Update<V1Node>(null, "nas", n => n.Spec.Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }]);
        await SimulateAsync();

        await CreateAsync(Deployment("web", 1, pod => pod.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = op, Value = value, Effect = effect }]));

        await ReadyPodsAsync("web", 1);
    }

    [Fact]
    public async Task CordonedNode_TakesNoPods_UntilUncordoned()
    {
        Fake.Store.Update<V1Node>(null, "nas", n => n.Spec.Unschedulable = true);
        await SimulateAsync();
        await CreateAsync(Deployment("web", 1));
        var pod = (await PodsUntilAsync("web", p => p.Count == 1 && IsUnschedulable(p[0]), "an unschedulable pod"))[0];
        Assert.Equal($"0/1 nodes are available: 1 node(s) were unschedulable. {Preemption} 1 Preemption is not helpful for scheduling.", Condition(pod, "PodScheduled")!.Message);

        Fake.Store.Update<V1Node>(null, "nas", n => n.Spec.Unschedulable = false);

        var scheduled = (await ReadyPodsAsync("web", 1))[0];
        Assert.Equal(pod.Metadata.Name, scheduled.Metadata.Name);
        Assert.Equal("True", Condition(scheduled, "PodScheduled")!.Status);
        Assert.Null(Condition(scheduled, "PodScheduled")!.Message);
    }

    [Fact]
    public async Task NodeSelector_NoNodeMatches_PodStaysPending_UntilANodeIsLabelled()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 1, pod => pod.NodeSelector = new Dictionary<string, string> { ["accelerator"] = "coral" }));

        var pod = (await PodsUntilAsync("web", p => p.Count == 1 && IsUnschedulable(p[0]), "an unschedulable pod"))[0];
        Assert.Equal($"0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. {Preemption} 1 Preemption is not helpful for scheduling.",
            Condition(pod, "PodScheduled")!.Message);
        Assert.Equal("Unschedulable", Condition(pod, "PodScheduled")!.Reason);

        Fake.Store.Update<V1Node>(null, "nas", n => n.Metadata.Labels["accelerator"] = "coral");

        await ReadyPodsAsync("web", 1);
    }

    [Fact]
    public async Task MissingClaim_PodStaysPending_UntilTheClaimExists()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 1, Mounting("data")));

        var pod = (await PodsUntilAsync("web", p => p.Count == 1 && IsUnschedulable(p[0]), "an unschedulable pod"))[0];
        Assert.Equal("0/1 nodes are available: persistentvolumeclaim \"data\" not found. not found", Condition(pod, "PodScheduled")!.Message);

        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data"), Namespace);

        await ReadyPodsAsync("web", 1);
    }

    [Fact]
    public async Task ClaimOfAnUnknownClass_IsNeverBound_AndItsPodsStayPending()
    {
        await SimulateAsync();
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data", storageClass: "fast-ssd"), Namespace);

        await CreateAsync(Deployment("web", 1, Mounting("data")));

        var pod = (await PodsUntilAsync("web", p => p.Count == 1 && IsUnschedulable(p[0]), "an unschedulable pod"))[0];
        Assert.Equal("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found", Condition(pod, "PodScheduled")!.Message);
    }

    [Fact]
    public async Task PodAffinityToItsOwnLabels_LetsTheFirstPodGoAnywhere()
    {
        await SimulateAsync();

        await CreateAsync(Deployment("web", 2, pod => pod.Affinity = new V1Affinity
        {
            PodAffinity = new V1PodAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm
                    {
                        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                        TopologyKey = "kubernetes.io/hostname",
                    },
                ],
            },
        }));

        await ReadyPodsAsync("web", 2);
    }

    private async Task FailedSchedulingEventAsync(V1Pod pod)
    {
        var events = await Eventually.ValueAsync(
            async () => (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject.Name == pod.Metadata.Name && e.Reason == "FailedScheduling").ToList(),
            e => e.Count > 0,
            "a FailedScheduling event");
        var scheduling = Assert.Single(events);
        Assert.Equal(("Warning", "default-scheduler", Condition(pod, "PodScheduled")!.Message, pod.Metadata.Uid),
            (scheduling.Type, scheduling.ReportingComponent, scheduling.Message, scheduling.InvolvedObject.Uid));
    }
}
