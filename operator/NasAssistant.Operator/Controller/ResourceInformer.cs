using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// List-then-watch of one kind into an <see cref="ObjectCache"/>, reporting every change to a handler.
/// A watch that ends for any reason (closed by the server, dropped, 410 Gone) is followed by a fresh
/// list, which reports whatever changed meanwhile (deletions included), and a new watch from the
/// list's resourceVersion. API errors are retried with exponential backoff, honouring Retry-After.
/// </summary>
internal sealed partial class ResourceInformer
{
    private readonly ResourceApi _api;
    private readonly string? _labelSelector;
    private readonly Action<ResourceEvent> _handler;
    private readonly ControllerOptions _options;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _restarts;

    public ResourceInformer(
        ResourceApi api,
        KubernetesKind kind,
        IReadOnlyDictionary<string, string>? selector,
        Action<ResourceEvent> handler,
        ControllerOptions options,
        ControllerMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        _api = api;
        Kind = kind;
        _labelSelector = selector is null ? null : string.Join(",", selector.Select(label => $"{label.Key}={label.Value}"));
        _handler = handler;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Cache = new ObjectCache(kind, selector);
    }

    public KubernetesKind Kind { get; }

    public ObjectCache Cache { get; }

    /// <summary>True once the first list has filled the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Watches started again after the first (closed, dropped, 410 Gone, or an API error).</summary>
    public int WatchRestarts => Volatile.Read(ref _restarts);

    /// <summary>True when the kind is not served (its CRD is gone); <see cref="RunAsync"/> then returns.</summary>
    public bool NotServed { get; private set; }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Runs until cancelled, or until the kind turns out not to be served (add-on kinds only).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                var list = await _api.ListAsync(Kind, _labelSelector, _options.ListPageSize, cancellationToken);
                Publish(Cache.Replace(list.Items, list.ResourceVersion));
                if (_synced.TrySetResult())
                {
                    LogSynced(Kind.Kind, Cache.Count);
                }

                var outcome = await WatchAsync(list.ResourceVersion, cancellationToken);
                if (outcome.Received)
                {
                    failures = 0;
                }

                LogWatchEnded(Kind.Kind, outcome.Gone ? "410 Gone" : "stream closed");
                delay = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && Kind.CrdName is not null)
            {
                // The add-on's CRD went away: stop rather than error-loop; the controller looks for it again.
                NotServed = true;
                LogNotServed(Kind.Kind, Kind.CrdName);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                LogWatchEnded(Kind.Kind, "410 Gone");
                delay = TimeSpan.Zero;
            }
            catch (Exception e)
            {
                failures++;
                delay = RetryAfter(e) ?? Backoff(failures);
                // Transient by nature (API server restarts, throttling): one line each, no stack trace.
                LogApiError(Kind.Kind, delay.TotalMilliseconds, e.GetType().Name, e.Message);
            }

            Interlocked.Increment(ref _restarts);
            _metrics.WatchRestarted(Kind.Kind);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task<(bool Gone, bool Received)> WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var gone = false;
        var received = false;
        var timeout = _options.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble());
        void OnError(Exception e)
        {
            if (e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
            {
                gone = true;
            }
            else
            {
                LogWatchEventError(Kind.Kind, e.Message);
            }
        }

        try
        {
            await foreach (var (type, obj) in _api.WatchAsync(Kind, resourceVersion, _labelSelector, (int)Math.Max(1, timeout), OnError, cancellationToken))
            {
                received = true;
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        Publish(Cache.Upsert(obj));
                        break;
                    case WatchEventType.Deleted:
                        Publish(Cache.Remove(obj));
                        break;
                    default:
                        // Bookmarks only move the resourceVersion on; the next list starts afresh anyway.
                        break;
                }
            }
        }
        catch (Exception e) when (gone && e is not OperationCanceledException)
        {
            // The stream may break after its ERROR event (the API server closes it); the 410 is what counts.
        }

        return (gone, received);
    }

    private void Publish(ResourceEvent? change)
    {
        if (change is not null)
        {
            _handler(change);
        }
    }

    private void Publish(IReadOnlyList<ResourceEvent> changes)
    {
        foreach (var change in changes)
        {
            _handler(change);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var ticks = _options.ApiBackoffBase.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= _options.ApiBackoffMax.Ticks ? _options.ApiBackoffMax : TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan? RetryAfter(Exception e)
    {
        if (e is HttpOperationException { Response.Headers: { } headers }
            && headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0)
        {
            var delay = TimeSpan.FromSeconds(seconds);
            return delay > _options.ApiBackoffMax ? _options.ApiBackoffMax : delay;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Informer for {Kind} synced with {Count} objects")]
    private partial void LogSynced(string kind, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of {Kind} ended ({Reason}); listing again")]
    private partial void LogWatchEnded(string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing or watching {Kind} failed; retrying in {DelayMs} ms: {ErrorType}: {Error}")]
    private partial void LogApiError(string kind, double delayMs, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} reported an error: {Error}")]
    private partial void LogWatchEventError(string kind, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} is not served (CRD {CrdName} missing); not watching it")]
    private partial void LogNotServed(string kind, string crdName);
}
