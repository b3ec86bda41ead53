using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class WorkQueueTests
{
    private static readonly ResourceKey A = new("default", "a");
    private static readonly ResourceKey B = new("default", "b");

    private static WorkQueue NewQueue() =>
        new(new ItemBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)), TimeProvider.System);

    private static async Task<ResourceKey> TakeAsync(WorkQueue queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await queue.TakeAsync(timeout.Token))!.Value;
    }

    [Fact]
    public async Task Add_KeyAlreadyWaiting_IsQueuedOnce()
    {
        using var queue = NewQueue();
        queue.Add(A);
        queue.Add(B);
        queue.Add(A);

        Assert.Equal(2, queue.Depth);
        Assert.Equal(A, await TakeAsync(queue));
        Assert.Equal(B, await TakeAsync(queue));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsHandedOutAgainOnlyAfterDone()
    {
        using var queue = NewQueue();
        queue.Add(A);
        var first = await TakeAsync(queue);

        queue.Add(A);
        queue.Add(A);
        Assert.Equal(0, queue.Depth);

        queue.Done(first);
        Assert.Equal(1, queue.Depth);
        Assert.Equal(A, await TakeAsync(queue));
        queue.Done(A);
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public void Backoff_DoublesPerFailure_UpToTheCap_AndForgetResets()
    {
        var backoff = new ItemBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(100));

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.NextDelay(A).TotalMilliseconds).ToList();

        Assert.Equal([5, 10, 20, 40, 80, 100, 100], delays);
        Assert.Equal(7, backoff.Failures(A));
        Assert.Equal(5, backoff.NextDelay(B).TotalMilliseconds);
        backoff.Forget(A);
        Assert.Equal(0, backoff.Failures(A));
        Assert.Equal(5, backoff.NextDelay(A).TotalMilliseconds);
    }

    [Fact]
    public void Backoff_ManyFailures_StaysAtTheCap()
    {
        var backoff = new ItemBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5));
        for (var i = 0; i < 200; i++)
        {
            backoff.NextDelay(A);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), backoff.NextDelay(A));
    }

    [Fact]
    public async Task AddRateLimited_WaitsForTheBackoff_ThenHandsOut()
    {
        using var queue = NewQueue();
        var delay = queue.AddRateLimited(A);

        Assert.Equal(TimeSpan.FromMilliseconds(5), delay);
        Assert.Equal(1, queue.Failures(A));
        Assert.Equal(A, await TakeAsync(queue));
        queue.Forget(A);
        Assert.Equal(0, queue.Failures(A));
    }

    [Fact]
    public async Task AddAfter_KeepsTheEarliestDelay()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromHours(1));
        Assert.Equal(0, queue.Depth);
        Assert.Equal(1, queue.DelayedCount);

        // A later, longer delay does not push it back; an earlier one brings it forward.
        queue.AddAfter(A, TimeSpan.FromHours(2));
        queue.AddAfter(A, TimeSpan.FromMilliseconds(10));

        Assert.Equal(A, await TakeAsync(queue));
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public void AddAfter_MonthsAway_WaitsAtMostTheMaximumDelay()
    {
        using var queue = NewQueue();

        // A certificate renewal 60 days out is beyond what a timer can wait.
        queue.AddAfter(A, TimeSpan.FromDays(60));

        Assert.Equal(1, queue.DelayedCount);
        Assert.Equal(0, queue.Depth);
        Assert.True(WorkQueue.MaxDelay < TimeSpan.FromDays(49));
    }

    [Fact]
    public async Task ShutDown_StopsHandingOut_AndReleasesWaitingTakers()
    {
        using var queue = NewQueue();
        var waiting = queue.TakeAsync(CancellationToken.None);
        queue.AddAfter(B, TimeSpan.FromHours(1));

        queue.ShutDown();
        queue.Add(A);

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(0, queue.Depth);
        Assert.Equal(0, queue.DelayedCount);
    }
}
