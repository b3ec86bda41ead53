using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class ReconcileWorkersTests
{
    private static readonly ResourceKey A = new("default", "a");

    private static WorkQueue NewQueue(ControllerMetrics? metrics = null) =>
        new(new ItemBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(100)), TimeProvider.System, metrics is null ? null : metrics.SetQueueDepth);

    private static ReconcileWorkers Workers(WorkQueue queue, IReconciler reconciler, int count, ControllerMetrics? metrics = null) =>
        new(queue, reconciler, new EmptyInformerCaches(), count, metrics ?? ControllerMetrics.CreateIsolated(), NullLogger.Instance);

    [Fact]
    public async Task Workers_RunAtMostTheConfiguredNumberAtOnce()
    {
        using var queue = NewQueue();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new RecordingReconciler { Behavior = async (_, _) => { await release.Task; return ReconcileResult.Done; } };
        for (var i = 0; i < 10; i++)
        {
            queue.Add(new ResourceKey("default", $"r{i}"));
        }

        await using var run = FakeClusterTest.Start(token => Workers(queue, reconciler, 3).RunAsync(token));
        await Eventually.TrueAsync(() => reconciler.InFlight == 3, "three reconciles in flight");
        Assert.Equal(7, queue.Depth);

        release.SetResult();
        await Eventually.TrueAsync(() => reconciler.Calls.Count == 10, "all ten reconciled");
        Assert.Equal(3, reconciler.MaxInFlight);
        Assert.Equal(10, reconciler.Calls.Distinct().Count());
    }

    [Fact]
    public async Task SameKey_AddedDuringItsReconcile_IsReconciledAgainAfterwards_NeverConcurrently()
    {
        using var queue = NewQueue();
        var entered = new SemaphoreSlim(0);
        var release = new SemaphoreSlim(0);
        var reconciler = new RecordingReconciler
        {
            Behavior = async (_, token) =>
            {
                entered.Release();
                await release.WaitAsync(token);
                return ReconcileResult.Done;
            },
        };

        await using var run = FakeClusterTest.Start(token => Workers(queue, reconciler, 4).RunAsync(token));
        queue.Add(A);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)));

        // Four idle workers, yet the key being processed must wait for its own reconcile to end.
        queue.Add(A);
        queue.Add(A);
        Assert.Equal(1, reconciler.InFlight);
        release.Release();

        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)));
        release.Release();
        await Eventually.TrueAsync(() => reconciler.InFlight == 0 && queue.Depth == 0, "second reconcile to finish");

        Assert.Equal(2, reconciler.CallsFor(A));
        Assert.Equal(1, reconciler.MaxInFlightPerKey);
    }

    [Fact]
    public async Task Failures_AreRetriedWithBackoff_AndSuccessResetsIt()
    {
        var metrics = ControllerMetrics.CreateIsolated();
        using var queue = NewQueue(metrics);
        var attempts = 0;
        var failuresSeen = new List<int>();
        var reconciler = new RecordingReconciler
        {
            Behavior = (key, _) =>
            {
                failuresSeen.Add(queue.Failures(key));
                return ++attempts <= 3 ? throw new InvalidOperationException("boom") : Task.FromResult(ReconcileResult.Done);
            },
        };

        await using var run = FakeClusterTest.Start(token => Workers(queue, reconciler, 2, metrics).RunAsync(token));
        queue.Add(A);
        await Eventually.TrueAsync(() => metrics.ReconcileCount(OperatorMetricNames.ResultSuccess) == 1, "a success after three failures");

        Assert.Equal(4, reconciler.CallsFor(A));
        Assert.Equal([0, 1, 2, 3], failuresSeen);
        Assert.Equal(0, queue.Failures(A));
        Assert.Equal(3, metrics.ReconcileCount(OperatorMetricNames.ResultError));
    }

    [Fact]
    public async Task RequeueAfter_ReconcilesTheKeyAgainLater()
    {
        var metrics = ControllerMetrics.CreateIsolated();
        using var queue = NewQueue(metrics);
        var reconciler = new RecordingReconciler
        {
            Behavior = (_, _) => Task.FromResult(ReconcileResult.After(TimeSpan.FromMilliseconds(50))),
        };

        await using var run = FakeClusterTest.Start(token => Workers(queue, reconciler, 1, metrics).RunAsync(token));
        queue.Add(A);
        await Eventually.TrueAsync(() => reconciler.CallsFor(A) >= 3, "requeued reconciles");

        Assert.True(metrics.ReconcileCount(OperatorMetricNames.ResultRequeue) >= 3);
        Assert.Equal(0, metrics.ReconcileCount(OperatorMetricNames.ResultError));
    }

    [Fact]
    public async Task RequeueAfter_FarAway_IsARequeue_NotAnErrorLoop()
    {
        var metrics = ControllerMetrics.CreateIsolated();
        using var queue = NewQueue(metrics);
        var reconciler = new RecordingReconciler { Behavior = (_, _) => Task.FromResult(ReconcileResult.After(TimeSpan.FromDays(60))) };

        await using var run = FakeClusterTest.Start(token => Workers(queue, reconciler, 1, metrics).RunAsync(token));
        queue.Add(A);
        await Eventually.TrueAsync(() => metrics.ReconcileCount(OperatorMetricNames.ResultRequeue) == 1, "requeue recorded");

        Assert.Equal(1, queue.DelayedCount);
        Assert.Equal(0, metrics.ReconcileCount(OperatorMetricNames.ResultError));
        Assert.Single(reconciler.Calls);
    }

    [Fact]
    public async Task Cancellation_CancelsInFlightReconciles_AndWaitsForThemToEnd()
    {
        using var queue = NewQueue();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        var reconciler = new RecordingReconciler
        {
            Behavior = async (_, token) =>
            {
                started.SetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                finally
                {
                    // Cleanup after cancellation still runs before the workers report stopped.
                    await Task.Delay(100, CancellationToken.None);
                    finished = true;
                }

                return ReconcileResult.Done;
            },
        };
        using var stop = new CancellationTokenSource();
        var workers = Workers(queue, reconciler, 2).RunAsync(stop.Token);
        queue.Add(A);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        queue.ShutDown();
        await stop.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(finished);
        Assert.Single(reconciler.Calls);
    }

    [Fact]
    public async Task QueueDepth_IsReportedOnEveryChange()
    {
        var depths = new List<int>();
        using var observed = new WorkQueue(new ItemBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1)), TimeProvider.System, depths.Add);

        observed.Add(A);
        observed.Add(new ResourceKey("default", "b"));
        var key = await observed.TakeAsync(CancellationToken.None);

        Assert.Equal([1, 2, 1], depths);
        Assert.Equal(A, key);
    }
}
