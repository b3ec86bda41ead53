using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Controllers.Deployments;

namespace NasAssistant.FakeKube.Tests.Controllers.Deployments;

/// <summary>ResolveFenceposts and MaxUnavailable, with cases from deployment_util_test.go.</summary>
public sealed class RolloutLimitsTests
{
    [Theory]
    [InlineData("0%", "0%", 0, 0, 1)]
    [InlineData("39%", "39%", 10, 4, 3)]
    [InlineData("25%", "25%", 1, 1, 0)]
    [InlineData("25%", "25%", 3, 1, 0)]
    [InlineData("25%", "25%", 4, 1, 1)]
    [InlineData("1", "0", 2, 1, 0)]
    [InlineData("0", "0", 2, 0, 1)]
    [InlineData("oops", "39%", 10, 0, 3)]
    public void ResolveFenceposts_RoundsSurgeUp_AndUnavailabilityDown(string maxSurge, string maxUnavailable, int desired, int surge, int unavailable) =>
        Assert.Equal((surge, unavailable), RolloutLimits.ResolveFenceposts(IntOrString(maxSurge), IntOrString(maxUnavailable), desired));

    [Theory]
    [InlineData(10, "RollingUpdate", 1, 1)]
    [InlineData(5, "RollingUpdate", 20, 5)]
    [InlineData(0, "RollingUpdate", 1, 0)]
    [InlineData(10, "Recreate", 1, 0)]
    public void MaxUnavailable_IsCappedAtReplicas_AndZeroForRecreate(int replicas, string strategy, int maxUnavailable, int expected)
    {
        var deployment = new DeploymentView(new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["strategy"] = new JsonObject
                {
                    ["type"] = strategy,
                    ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 0, ["maxUnavailable"] = maxUnavailable },
                },
            },
        });

        Assert.Equal(expected, RolloutLimits.MaxUnavailable(deployment));
    }

    // Integers as numbers, the rest as strings (an IntOrString).
    private static JsonValue IntOrString(string value) => int.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
}
