using NasAssistant.Hosting.Leadership;
using k8s;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class LeaderElectionTests : FakeClusterTest
{
    private static readonly ResourceKey Family = new("default", "family");

    private sealed record Replica(string Identity, RecordingReconciler Reconciler, LeaseElection Election, ControllerMetrics Metrics);

    private Replica NewReplica(string identity, TimeSpan? leaseDuration = null)
    {
        var metrics = ControllerMetrics.CreateIsolated();
        var election = NewElection(identity, metrics, leaseDuration: leaseDuration);
        return new Replica(identity, new RecordingReconciler(), election, metrics);
    }

    private BackgroundRun Run(Replica replica) =>
        Start(token => replica.Election.RunAsync(async term =>
        {
            using var controller = NewController(replica.Reconciler, FastOptions with { ResyncPeriod = TimeSpan.FromMilliseconds(200) }, replica.Metrics);
            await controller.RunAsync(term);
        }, token));

    [Fact]
    public async Task OnlyTheLeaderReconciles_AndTheOtherTakesOverWhenItStops()
    {
        await CreateAssistantAsync("default", "family");
        var a = NewReplica("replica-a");
        var b = NewReplica("replica-b");
        var runA = Run(a);
        var runB = Run(b);
        try
        {
            await Eventually.TrueAsync(() => a.Election.IsLeader || b.Election.IsLeader, "a leader");
            var (leader, follower, leaderRun, followerRun) = a.Election.IsLeader ? (a, b, runA, runB) : (b, a, runB, runA);
            await Eventually.TrueAsync(() => leader.Reconciler.CallsFor(Family) >= 3, "the leader reconciling (resyncs)");

            Assert.False(follower.Election.IsLeader);
            Assert.Empty(follower.Reconciler.Calls);
            var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("operator-test", "default");
            Assert.Equal(leader.Identity, lease.Spec.HolderIdentity);

            // The leader goes away; once its lease expires the follower leads and reconciles.
            await leaderRun.StopAsync();
            Assert.False(leader.Election.IsLeader);
            var leaderCalls = leader.Reconciler.Calls.Count;
            await Eventually.TrueAsync(() => follower.Election.IsLeader && follower.Reconciler.CallsFor(Family) >= 1, "the follower taking over");
            Assert.Equal(leaderCalls, leader.Reconciler.Calls.Count);
            lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("operator-test", "default");
            Assert.Equal(follower.Identity, lease.Spec.HolderIdentity);
        }
        finally
        {
            await runA.DisposeAsync();
            await runB.DisposeAsync();
        }
    }

    [Fact]
    public async Task ALeaderStoppingCleanly_ReleasesTheLease_SoTheFollowerLeadsBeforeItWouldExpire()
    {
        await CreateAssistantAsync("default", "family");
        var lease = TimeSpan.FromSeconds(60);
        var a = NewReplica("replica-a", lease);
        var b = NewReplica("replica-b", lease);
        var runA = Run(a);
        var runB = Run(b);
        try
        {
            await Eventually.TrueAsync(() => a.Election.IsLeader || b.Election.IsLeader, "a leader");
            var (leader, follower, leaderRun) = a.Election.IsLeader ? (a, b, runA) : (b, a, runB);

            var stopped = System.Diagnostics.Stopwatch.StartNew();
            await leaderRun.StopAsync();
            await Eventually.TrueAsync(() => follower.Election.IsLeader, "the follower taking over", TimeSpan.FromSeconds(20));

            Assert.True(stopped.Elapsed < lease / 3, $"took over after {stopped.Elapsed}, a released lease should not be waited out");
            var held = await Client.CoordinationV1.ReadNamespacedLeaseAsync("operator-test", "default");
            Assert.Equal(follower.Identity, held.Spec.HolderIdentity);
            await Eventually.TrueAsync(() => follower.Reconciler.CallsFor(Family) >= 1, "the follower reconciling");
        }
        finally
        {
            await runA.DisposeAsync();
            await runB.DisposeAsync();
        }
    }

    [Fact]
    public async Task LosingTheLease_CancelsReconcilesAtOnce()
    {
        await CreateAssistantAsync("default", "family");
        var replica = NewReplica("replica-a");
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        replica.Reconciler.Behavior = async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return ReconcileResult.Done;
        };
        await using var run = Run(replica);
        await Eventually.TrueAsync(() => replica.Reconciler.InFlight == 1, "a reconcile in flight");

        // Another holder takes the lease over (as after a network partition): renewals now fail.
        await Client.CoordinationV1.PatchNamespacedLeaseAsync(
            new k8s.Models.V1Patch("""{"spec":{"holderIdentity":"someone-else"}}""", k8s.Models.V1Patch.PatchType.MergePatch), "operator-test", "default");

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => !replica.Election.IsLeader && replica.Reconciler.InFlight == 0, "stopped leading");
    }
}
