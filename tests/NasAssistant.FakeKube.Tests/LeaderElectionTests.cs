using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class LeaderElectionTests : FakeKubeTest
{
    [Fact]
    public async Task TwoElectors_OnlyOneLeads_AndTheOtherTakesOverWhenItStops()
    {
        using var clientA = Fake.CreateClient();
        using var clientB = Fake.CreateClient();
        var leaders = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        using var electorA = Elector(clientA, "a", leaders);
        using var electorB = Elector(clientB, "b", leaders);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = electorA.RunUntilLeadershipLostAsync(stopA.Token);
        var runB = electorB.RunUntilLeadershipLostAsync(stopB.Token);

        var first = await Eventually.ValueAsync(() => leaders.Where(p => p.Value).Select(p => p.Key).ToList(), l => l.Count > 0, "a leader");
        Assert.Single(first);

        // Both keep contending for a while: never two leaders at once.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(leaders.Count(p => p.Value) <= 1);
            await Task.Delay(50);
        }

        var leader = first[0];
        var follower = leader == "a" ? "b" : "a";
        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("operator-lock", "default");
        Assert.Equal(leader, lease.Spec.HolderIdentity);

        // The leader stops renewing; the follower acquires the lease once it expires.
        await (leader == "a" ? stopA : stopB).CancelAsync();
        await Eventually.TrueAsync(() => leaders.GetValueOrDefault(follower), $"{follower} to take over", TimeSpan.FromSeconds(15));
        lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("operator-lock", "default");
        Assert.Equal(follower, lease.Spec.HolderIdentity);
        Assert.True(lease.Spec.LeaseTransitions >= 1);

        await (follower == "a" ? stopA : stopB).CancelAsync();
        await Task.WhenAll(Swallow(runA), Swallow(runB)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static LeaderElector Elector(Kubernetes client, string identity, System.Collections.Concurrent.ConcurrentDictionary<string, bool> leaders)
    {
        var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, "default", "operator-lock", identity))
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromMilliseconds(1500),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        elector.OnStartedLeading += () => leaders[identity] = true;
        elector.OnStoppedLeading += () => leaders[identity] = false;
        return elector;
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopping the elector cancels its loop.
        }
    }
}
