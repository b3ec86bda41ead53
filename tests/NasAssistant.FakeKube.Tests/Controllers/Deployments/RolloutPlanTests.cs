using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Controllers;
using NasAssistant.FakeKube.Controllers.Deployments;

namespace NasAssistant.FakeKube.Tests.Controllers.Deployments;

/// <summary>
/// How far one sync scales the new and old ReplicaSets, with the cases of
/// TestDeploymentController_reconcileNewReplicaSet and _reconcileOldReplicaSets (rolling_test.go).
/// </summary>
public sealed class RolloutPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, 0, 10, 0, 0)] // no surge: no room
    [InlineData(10, 2, 10, 0, 2)]
    [InlineData(10, 2, 5, 0, 7)]
    [InlineData(10, 2, 10, 2, 2)] // the surge is used up
    [InlineData(2, 2, 2, 4, 2)] // more new pods than desired: scale down
    public void NewReplicaSet_GrowsAsFarAsTheSurgeAllows(int replicas, int maxSurge, int oldReplicas, int newReplicas, int expectedNew)
    {
        var deployment = Deployment(replicas, maxSurge, maxUnavailable: 0);
        var newSet = Set("new", Pods(newReplicas, ready: newReplicas));

        RollingUpdate.Plan(deployment, newSet, [Set("old", Pods(oldReplicas, ready: oldReplicas))]);

        Assert.Equal(expectedNew, newSet.Replicas);
    }

    [Theory]
    [InlineData(10, 0, 10, 0, 10, 9)]
    [InlineData(10, 2, 10, 0, 10, 8)]
    [InlineData(10, 2, 10, 0, 8, 8)] // the unhealthy old pods go first
    [InlineData(10, 2, 10, 0, 9, 8)] // one unhealthy, one ready
    [InlineData(10, 2, 8, 2, 8, 8)] // the new set's unavailable pods leave no room
    public void OldReplicaSets_ShrinkAsFarAsAvailabilityAllows(int replicas, int maxUnavailable, int oldReplicas, int newReplicas, int oldReady, int expectedOld)
    {
        var deployment = Deployment(replicas, maxSurge: 0, maxUnavailable);
        var oldSet = Set("old", Pods(oldReplicas, ready: oldReady));

        RollingUpdate.Plan(deployment, Set("new", Pods(newReplicas, ready: 0)), [oldSet]);

        Assert.Equal(expectedOld, oldSet.Replicas);
    }

    [Fact]
    public void Recreate_ScalesOldSetsToZero_AndCreatesTheNewOneOnlyOnceTheyHaveNoPods()
    {
        var deployment = new DeploymentView(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3, ["strategy"] = new JsonObject { ["type"] = "Recreate" } } });
        var oldSet = Set("old", Pods(3, ready: 3));
        var newSet = new ReplicaSetView("web-new", "new", [], exists: false, 0, Now);

        Recreate.Plan(deployment, newSet, [oldSet]);
        Assert.Equal((0, false, 0), (oldSet.Replicas, newSet.Exists, newSet.Replicas));

        Recreate.Plan(deployment, newSet, []);
        Assert.Equal((true, true, 3), (newSet.Exists, newSet.CreatedNow, newSet.Replicas));
    }

    private static DeploymentView Deployment(int replicas, int maxSurge, int maxUnavailable) => new(new JsonObject
    {
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = maxSurge, ["maxUnavailable"] = maxUnavailable },
            },
        },
    });

    private static ReplicaSetView Set(string hash, IReadOnlyList<PodView> pods) => new($"web-{hash}", hash, pods, exists: true, 0, Now);

    private static List<PodView> Pods(int count, int ready) =>
        Enumerable.Range(0, count).Select(i => new PodView(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"pod-{i}", ["creationTimestamp"] = "2026-11-01T07:00:00Z" },
            ["spec"] = new JsonObject { ["nodeName"] = "nas" },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = i < ready ? "True" : "False", ["lastTransitionTime"] = "2026-11-01T07:00:00Z" }),
            },
        })).ToList();
}
