using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Controllers.Deployments;

namespace NasAssistant.FakeKube.Tests.Controllers.Deployments;

/// <summary>
/// DeploymentComplete, DeploymentProgressing and DeploymentTimedOut, with the cases of
/// TestDeploymentComplete, TestDeploymentProgressing and TestDeploymentTimedOut (deployment_util_test.go).
/// </summary>
public sealed class DeploymentStatusCalculatorTests
{
    private static readonly DateTimeOffset Minute1 = new(2016, 1, 1, 0, 1, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 5, 5, 4, 1, 0, false)] // min but not all pods available
    [InlineData(5, 5, 5, 3, 1, 0, false)] // min availability not honoured
    [InlineData(5, 5, 5, 5, 0, 0, true)]
    [InlineData(5, 5, 4, 5, 0, 0, false)] // all available but not all updated
    [InlineData(1, 2, 1, 1, 0, 1, false)] // an old pod still runs
    [InlineData(1, 1, 1, 0, 1, 1, false)] // the one replica never comes up
    public void IsComplete_WhenEveryReplicaIsUpdatedAndAvailable(int desired, int current, int updated, int available, int maxUnavailable, int maxSurge, bool complete)
    {
        var deployment = Deployment(new JsonObject
        {
            ["replicas"] = desired,
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = maxSurge, ["maxUnavailable"] = maxUnavailable },
            },
        }.ToJsonString());
        var status = Status(current, updated, ready: available, available, observedGeneration: 1);

        Assert.Equal(complete, DeploymentStatusCalculator.IsComplete(deployment, status));
    }

    [Theory]
    [InlineData(10, 4, 4, 4, 10, 6, 4, 4, true)] // more updated pods
    [InlineData(10, 4, 4, 4, 10, 4, 4, 4, false)]
    [InlineData(10, 4, 6, 6, 8, 4, 6, 6, true)] // old pods removed
    [InlineData(10, 7, 3, 3, 10, 6, 3, 3, false)] // fewer new pods
    [InlineData(10, 4, 7, 7, 8, 8, 5, 5, true)] // fewer overall but more new pods
    [InlineData(10, 10, 9, 8, 10, 10, 10, 8, true)] // more ready pods
    [InlineData(10, 10, 10, 9, 10, 10, 10, 10, true)] // more available pods
    public void IsProgressing_WhenTheRolloutMovedOn(int current, int updated, int ready, int available, int newCurrent, int newUpdated, int newReady, int newAvailable, bool progressing) =>
        Assert.Equal(progressing, DeploymentStatusCalculator.IsProgressing(Status(current, updated, ready, available), Status(newCurrent, newUpdated, newReady, newAvailable)));

    [Theory]
    [InlineData(null, "Progressing", "True", "", 9, 20, false)] // no deadline
    [InlineData(int.MaxValue, "Progressing", "True", "", 9, 20, false)] // the "never" deadline
    [InlineData(10, "Available", "True", "", 9, 20, false)] // no Progressing condition
    [InlineData(10, "Progressing", "True", "NewReplicaSetAvailable", 9, 20, false)] // complete rollouts do not time out
    [InlineData(10, "Progressing", "True", "", 9, 20, true)]
    [InlineData(10, "Progressing", "True", "", 9, 19, false)] // exactly at the deadline
    [InlineData(10, "Progressing", "False", "ProgressDeadlineExceeded", 9, 10, true)]
    public void HasTimedOut_OnceTheProgressingConditionIsOlderThanTheDeadline(int? deadline, string type, string conditionStatus, string reason, int updatedAtSecond, int nowSecond, bool timedOut)
    {
        var deployment = Deployment(deadline is { } seconds ? $$"""{"progressDeadlineSeconds":{{seconds}}}""" : "{}");
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = type,
                ["status"] = conditionStatus,
                ["reason"] = reason,
                ["lastUpdateTime"] = $"2016-01-01T00:01:{updatedAtSecond:D2}Z",
            }),
        };

        Assert.Equal(timedOut, DeploymentStatusCalculator.HasTimedOut(deployment, status, Minute1.AddSeconds(nowSecond)));
    }

    [Fact]
    public void ProgressCheck_IsDueASecondAfterTheDeadline_AndNotForFinishedRollouts()
    {
        var deployment = Deployment("""{"replicas":1,"progressDeadlineSeconds":60}""");
        var progressing = Status(1, 1, 0, 0, observedGeneration: 1);
        progressing["conditions"] = new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = "ReplicaSetUpdated", ["lastUpdateTime"] = "2016-01-01T00:01:00Z" });
        var timedOut = (JsonObject)progressing.DeepClone();
        timedOut["conditions"]![0]!["reason"] = "ProgressDeadlineExceeded";

        Assert.Equal(TimeSpan.FromSeconds(51), DeploymentStatusCalculator.ProgressCheckDue(deployment, progressing, Minute1.AddSeconds(10)));
        Assert.Null(DeploymentStatusCalculator.ProgressCheckDue(deployment, timedOut, Minute1.AddSeconds(10)));
        Assert.Null(DeploymentStatusCalculator.ProgressCheckDue(deployment, Status(1, 1, 1, 1, observedGeneration: 1), Minute1));
    }

    private static DeploymentView Deployment(string spec) =>
        new(JsonNode.Parse($$"""{"metadata":{"name":"web","generation":1},"spec":{{spec}}}""")!.AsObject());

    private static JsonObject Status(int replicas, int updated, int ready, int available, int observedGeneration = 0) => new()
    {
        ["observedGeneration"] = observedGeneration,
        ["replicas"] = replicas,
        ["updatedReplicas"] = updated,
        ["readyReplicas"] = ready,
        ["availableReplicas"] = available,
    };
}
