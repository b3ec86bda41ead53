using System.Collections.Concurrent;
using NasAssistant.Runtime.Batching;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Batching;

public sealed class DynamicBatcherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RequestsWaitingBehindABusyModel_RunTogetherUpToMaxBatchSize()
    {
        using var gate = new ManualResetEventSlim(false);
        using var entered = new ManualResetEventSlim(false);
        var batches = new ConcurrentQueue<int[]>();
        var observer = new RecordingObserver();
        using var batcher = new DynamicBatcher<int, int>("m", 4, TimeSpan.Zero, 100, 1, requests =>
        {
            entered.Set();
            gate.Wait(Wait);
            batches.Enqueue(requests.ToArray());
            return requests.Select(r => r * 10).ToArray();
        }, observer);

        var first = batcher.SubmitAsync(0, 1, CancellationToken.None);
        await WaitUntilAsync(() => entered.IsSet);
        var rest = Enumerable.Range(1, 10).Select(i => batcher.SubmitAsync(i, 1, CancellationToken.None)).ToArray();
        gate.Set();
        var results = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 10), results);
        Assert.Equal([[0], [1, 2, 3, 4], [5, 6, 7, 8], [9, 10]], batches.ToArray());
        Assert.Equal([1, 4, 4, 2], observer.BatchSizes.ToArray());
    }

    [Fact]
    public async Task RequestLargerThanMaxBatch_RunsAlone()
    {
        var batches = new ConcurrentQueue<string[]>();
        using var batcher = new DynamicBatcher<string, string>("m", 4, TimeSpan.FromMilliseconds(1), 10, 1, requests =>
        {
            batches.Enqueue(requests.ToArray());
            return requests.ToArray();
        }, new RecordingObserver());

        var result = await batcher.SubmitAsync("big", 9, CancellationToken.None);

        Assert.Equal("big", result);
        Assert.Equal([["big"]], batches.ToArray());
    }

    [Fact]
    public async Task FullQueue_RefusesAtOnceWithRetryAfter()
    {
        using var gate = new ManualResetEventSlim(false);
        using var entered = new ManualResetEventSlim(false);
        var observer = new RecordingObserver();
        using var batcher = new DynamicBatcher<int, int>("m", 1, TimeSpan.Zero, 2, 1, requests =>
        {
            entered.Set();
            gate.Wait(Wait);
            return requests.ToArray();
        }, observer);
        var running = batcher.SubmitAsync(0, 1, CancellationToken.None);
        await WaitUntilAsync(() => entered.IsSet);
        var queued = new[] { batcher.SubmitAsync(1, 1, CancellationToken.None), batcher.SubmitAsync(2, 1, CancellationToken.None) };

        var refused = Assert.Throws<QueueFullException>(() => { _ = batcher.SubmitAsync(3, 1, CancellationToken.None); });

        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(1));
        Assert.Contains("overloaded", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["queue_full"], observer.Rejections.ToArray());
        gate.Set();
        var all = await Task.WhenAll(queued.Prepend(running));
        Assert.Equal([0, 1, 2], all);
        Assert.Equal(2, batcher.PeakQueueDepth);
    }

    [Fact]
    public async Task CancelledRequest_LeavesTheQueue_AndIsNeverComputed()
    {
        using var gate = new ManualResetEventSlim(false);
        using var entered = new ManualResetEventSlim(false);
        var computed = new ConcurrentQueue<int>();
        var observer = new RecordingObserver();
        using var batcher = new DynamicBatcher<int, int>("m", 8, TimeSpan.Zero, 1, 1, requests =>
        {
            entered.Set();
            gate.Wait(Wait);
            foreach (var r in requests)
            {
                computed.Enqueue(r);
            }

            return requests.ToArray();
        }, observer);
        var running = batcher.SubmitAsync(0, 1, CancellationToken.None);
        await WaitUntilAsync(() => entered.IsSet);
        using var cancel = new CancellationTokenSource();
        var abandoned = batcher.SubmitAsync(1, 1, cancel.Token);
        Assert.Throws<QueueFullException>(() => { _ = batcher.SubmitAsync(2, 1, CancellationToken.None); });

        await cancel.CancelAsync();
        var next = batcher.SubmitAsync(3, 1, CancellationToken.None);
        gate.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(3, await next);
        await running;
        Assert.DoesNotContain(1, computed);
        Assert.Contains("cancelled", observer.Rejections);
    }

    [Fact]
    public async Task FailingBatch_FailsEveryRequestInIt()
    {
        using var batcher = new DynamicBatcher<int, int>("m", 4, TimeSpan.Zero, 10, 1,
            _ => throw new InvalidOperationException("model exploded"), new RecordingObserver());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SubmitAsync(1, 1, CancellationToken.None));

        Assert.Equal("model exploded", error.Message);
    }

    [Fact]
    public async Task SeveralWorkers_RunTheirBatchesSideBySide_EachFillingItsOwn()
    {
        // Each batch waits until the other one is running too: with a single worker this would time out.
        using var bothRunning = new Barrier(2);
        var sizes = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var batcher = new DynamicBatcher<int, bool>("m", 2, TimeSpan.FromSeconds(5), 10, 2, requests =>
        {
            sizes.Add(requests.Count);
            var met = bothRunning.SignalAndWait(Wait);
            return requests.Select(_ => met).ToArray();
        }, new RecordingObserver());

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => batcher.SubmitAsync(i, 1, CancellationToken.None)));

        Assert.All(results, Assert.True);
        Assert.Equal([2, 2], sizes.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Dispose_RunsQueuedRequests_ThenRefusesNewOnes(int workers)
    {
        using var gate = new ManualResetEventSlim(false);
        using var entered = new ManualResetEventSlim(false);
        var batcher = new DynamicBatcher<int, int>("m", 1, TimeSpan.Zero, 10, workers, requests =>
        {
            entered.Set();
            gate.Wait(Wait);
            return requests.ToArray();
        }, new RecordingObserver());
        var submitted = Enumerable.Range(0, 5).Select(i => batcher.SubmitAsync(i, 1, CancellationToken.None)).ToArray();

        var disposing = Task.Run(batcher.Dispose);
        await WaitUntilAsync(() => Throws(() => batcher.SubmitAsync(9, 1, CancellationToken.None)));
        gate.Set();
        await disposing;

        var all = await Task.WhenAll(submitted);
        Assert.Equal([0, 1, 2, 3, 4], all);
        Assert.Throws<BatcherStoppedException>(() => { _ = batcher.SubmitAsync(9, 1, CancellationToken.None); });
    }

    private static bool Throws(Func<Task> action)
    {
        try
        {
            _ = action();
            return false;
        }
        catch (BatcherStoppedException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not reached");
    }
}
