using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// A fixed number of workers taking keys from the <see cref="WorkQueue"/> and reconciling them: success
/// resets the key's backoff (and honours RequeueAfter), an exception or a result asking for backoff
/// retries it with backoff. When the queue empties, the <see cref="IdleMemoryTrimmer"/> may give the burst's memory back.
/// </summary>
internal sealed partial class ReconcileWorkers
{
    private readonly WorkQueue _queue;
    private readonly IReconciler _reconciler;
    private readonly IInformerCaches _caches;
    private readonly int _count;
    private readonly ControllerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IdleMemoryTrimmer? _trimmer;

    public ReconcileWorkers(
        WorkQueue queue, IReconciler reconciler, IInformerCaches caches, int count, ControllerMetrics metrics, ILogger logger, IdleMemoryTrimmer? trimmer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _queue = queue;
        _reconciler = reconciler;
        _caches = caches;
        _count = count;
        _metrics = metrics;
        _logger = logger;
        _trimmer = trimmer;
    }

    /// <summary>
    /// Runs the workers until the queue is shut down or <paramref name="cancellationToken"/> is cancelled;
    /// the token is also the one reconciles get, so cancelling it stops them at once. Returns when no
    /// reconcile is in flight any more.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, _count).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ResourceKey? next;
            try
            {
                next = await _queue.TakeAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (next is not { } key)
            {
                return;
            }

            try
            {
                await ReconcileAsync(key, cancellationToken);
            }
            finally
            {
                _queue.Done(key);
            }

            if (_queue.IsIdle)
            {
                _trimmer?.OnIdle();
            }
        }
    }

    private async Task ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ReconcileResult result;
        try
        {
            result = await _reconciler.ReconcileAsync(key, _caches, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown or lost leadership: the next leader (or this one, later) starts from a fresh list.
            LogCancelled(key.Namespace, key.Name);
            return;
        }
        catch (Exception e)
        {
            _metrics.Reconciled(OperatorMetricNames.ResultError, Stopwatch.GetElapsedTime(started));
            var retry = _queue.AddRateLimited(key);
            var failures = _queue.Failures(key);
            LogFailed(key.Namespace, key.Name, failures, retry.TotalMilliseconds, e.Message, e);
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (result.Backoff)
        {
            var retry = _queue.AddRateLimited(key);
            _metrics.Reconciled(OperatorMetricNames.ResultRequeue, elapsed);
            LogRequeued(key.Namespace, key.Name, retry.TotalSeconds);
            return;
        }

        _queue.Forget(key);
        if (result.RequeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
            _metrics.Reconciled(OperatorMetricNames.ResultRequeue, elapsed);
            LogRequeued(key.Namespace, key.Name, delay.TotalSeconds);
        }
        else
        {
            _metrics.Reconciled(OperatorMetricNames.ResultSuccess, elapsed);
            LogReconciled(key.Namespace, key.Name, elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled {Namespace}/{Name} in {ElapsedMs} ms")]
    private partial void LogReconciled(string @namespace, string name, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled {Namespace}/{Name}; looking again in {DelaySeconds} s")]
    private partial void LogRequeued(string @namespace, string name, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Namespace}/{Name} failed (attempt {Failures}); retrying in {DelayMs} ms: {Error}")]
    private partial void LogFailed(string @namespace, string name, int failures, double delayMs, string error, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconcile of {Namespace}/{Name} cancelled")]
    private partial void LogCancelled(string @namespace, string name);
}
