using NasAssistant.FakeKube.Controllers.Scheduling;

namespace NasAssistant.FakeKube.Tests.Controllers.Scheduling;

/// <summary>The scheduler's "0/N nodes are available" message.</summary>
public sealed class FitErrorTests
{
    [Fact]
    public void FilterReasons_AreCountedAndSorted_ThenPreemptionsVerdictPerNode()
    {
        var message = FitError.ForFilters(
        [
            new NodeRejection("node(s) didn't match Pod's node affinity/selector"),
            new NodeRejection("node(s) had untolerated taint(s)"),
            new NodeRejection("node(s) didn't match Pod's node affinity/selector"),
            new NodeRejection("node(s) didn't match pod anti-affinity rules", PreemptionMayHelp: true),
        ]);

        Assert.Equal(
            "0/4 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 1 node(s) had untolerated taint(s), "
            + "2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/4 nodes are available: "
            + "1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
            message);
    }

    [Fact]
    public void PreFilterRejection_NamesNoNodes() =>
        Assert.Equal("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found",
            FitError.ForPreFilter(3, "pod has unbound immediate PersistentVolumeClaims"));
}
