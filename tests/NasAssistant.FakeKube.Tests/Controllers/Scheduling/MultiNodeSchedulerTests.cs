using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Controllers;
using NasAssistant.FakeKube.Tests.TestSupport;
using static NasAssistant.FakeKube.Tests.TestSupport.ValidObjects;
using static NasAssistant.FakeKube.Tests.TestSupport.Workloads;

namespace NasAssistant.FakeKube.Tests.Controllers.Scheduling;

/// <summary>The simulated scheduler on two nodes, where volumes and affinity decide placement.</summary>
public sealed class MultiNodeSchedulerTests : WorkloadTest
{
    private const string NotHelpful = "Preemption is not helpful for scheduling";

    protected override IReadOnlyList<FakeNode> Nodes =>
    [
        new("nas-a") { Labels = new Dictionary<string, string> { ["disk"] = "ssd" } },
        new("nas-b") { Labels = new Dictionary<string, string> { ["disk"] = "hdd" } },
    ];

    [Fact]
    public async Task Nodes_AreRegistered_WithTheKubeletsLabels()
    {
        var nodes = (await Client.CoreV1.ListNodeAsync()).Items;

        Assert.Equal(["nas-a", "nas-b"], nodes.Select(n => n.Metadata.Name));
        Assert.All(nodes, n => Assert.Equal(n.Metadata.Name, n.Metadata.Labels["kubernetes.io/hostname"]));
        Assert.Equal("ssd", nodes[0].Metadata.Labels["disk"]);
        Assert.All(nodes, n => Assert.Equal("True", n.Status.Conditions.Single(c => c.Type == "Ready").Status));
    }

    [Fact]
    public async Task AntiAffinity_SpreadsReplicasOverTheNodes()
    {
        await SimulateAsync();

        await CreateAsync(Deployment("web", 2, OneNodeEach("web")));

        var pods = await ReadyPodsAsync("web", 2);
        Assert.Equal(["nas-a", "nas-b"], pods.Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadWriteOnceClaim_WithReplicasForcedOntoTwoNodes_LeavesOnePodUnschedulable()
    {
        await SimulateAsync();
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data"), Namespace);

        await CreateAsync(Deployment("web", 2, Mounting("data").And(OneNodeEach("web"))));

        var pods = await PodsUntilAsync("web", p => p.Count(IsReady) == 1 && p.Count(IsUnschedulable) == 1, "one pod running, one unschedulable");
        var running = pods.Single(IsReady);
        var claim = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Namespace);
        Assert.Equal(running.Spec.NodeName, claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        Assert.Equal(
            "0/2 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 1 node(s) didn't satisfy plugin(s) [VolumeBinding]. "
            + $"no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 {NotHelpful}.",
            Condition(pods.Single(IsUnschedulable), "PodScheduled")!.Message);
    }

    [Fact]
    public async Task ReadWriteOnceClaim_BoundToOneNode_KeepsAPodSelectingTheOtherNodePending()
    {
        await SimulateAsync();
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data"), Namespace);
        await CreateAsync(Deployment("ssd", 1, Mounting("data").And(pod => pod.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" })));
        await ReadyPodsAsync("ssd", 1);

        await CreateAsync(Deployment("hdd", 1, Mounting("data").And(pod => pod.NodeSelector = new Dictionary<string, string> { ["disk"] = "hdd" })));

        var pod = (await PodsUntilAsync("hdd", p => p.Count == 1 && IsUnschedulable(p[0]), "an unschedulable pod"))[0];
        Assert.Equal(
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't satisfy plugin(s) [VolumeBinding]. "
            + $"no new claims to deallocate, preemption: 0/2 nodes are available: 2 {NotHelpful}.",
            Condition(pod, "PodScheduled")!.Message);
    }

    [Fact]
    public async Task RequiredNodeAffinity_PicksTheMatchingNode()
    {
        await SimulateAsync();

        await CreateAsync(Deployment("web", 2, pod => pod.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = "NotIn", Values = ["ssd"] }] }],
                },
            },
        }));

        var pods = await ReadyPodsAsync("web", 2);
        Assert.All(pods, p => Assert.Equal("nas-b", p.Spec.NodeName));
    }
}
