using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// The controller for one leadership term: informers for AssistantDeployments, every child kind (add-on
/// kinds only while their CRD exists) and the inference pods; owner mapping of the changes that matter
/// into the <see cref="WorkQueue"/>; the reconcile workers, which read from the informers' caches; and
/// the periodic resync. Build a new one per term; caches start empty.
/// </summary>
internal sealed partial class OperatorController : IInformerCaches, IDisposable
{
    private readonly ResourceApi _api;
    private readonly ControllerOptions _options;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IReconciler _reconciler;
    private readonly ReconcileWorkers _workers;
    private readonly List<ResourceInformer> _coreInformers = [];
    private readonly Dictionary<KubernetesKind, RunningInformer> _addOns = [];
    private readonly Dictionary<KubernetesKind, bool> _installed = [];
    private readonly Lock _gate = new();

    public OperatorController(
        KubeApi client,
        IReconciler reconciler,
        ControllerOptions options,
        ControllerMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _api = new ResourceApi(client, options.Namespace);
        _options = options;
        _metrics = metrics;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<OperatorController>();
        _reconciler = reconciler;
        Queue = new WorkQueue(new ItemBackoff(options.ReconcileBackoffBase, options.ReconcileBackoffMax), time, metrics.SetQueueDepth);
        _workers = new ReconcileWorkers(
            Queue, reconciler, this, options.Workers, metrics, loggerFactory.CreateLogger<ReconcileWorkers>(), new IdleMemoryTrimmer(time));
        Primary = NewInformer(KubernetesKind.AssistantDeployment, null, change =>
        {
            if (reconciler.Matters(change))
            {
                Queue.Add(OwnerMapping.OfPrimary(change.Object));
            }
        });
        _coreInformers.Add(Primary);
        foreach (var kind in KubernetesKind.Watched.Where(k => k.CrdName is null))
        {
            _coreInformers.Add(NewChildInformer(kind));
        }
    }

    public WorkQueue Queue { get; }

    /// <summary>The AssistantDeployment informer; its cache is what resyncs enqueue.</summary>
    public ResourceInformer Primary { get; }

    /// <summary>Every informer now running (add-on kinds only while their CRD exists).</summary>
    public IReadOnlyList<ResourceInformer> Informers
    {
        get
        {
            lock (_gate)
            {
                return [.. _coreInformers, .. _addOns.Values.Select(a => a.Informer)];
            }
        }
    }

    /// <summary>True once every running informer has listed its kind.</summary>
    public bool HasSynced => Informers.All(i => i.HasSynced);

    public ObjectCache? For(KubernetesKind kind)
    {
        ResourceInformer? informer;
        lock (_gate)
        {
            informer = _coreInformers.Find(i => i.Kind == kind) ?? _addOns.GetValueOrDefault(kind)?.Informer;
        }

        return informer is { HasSynced: true, NotServed: false } ? informer.Cache : null;
    }

    public bool? IsInstalled(KubernetesKind kind)
    {
        lock (_gate)
        {
            // An add-on informer that found its kind no longer served knows before the next look.
            if (_addOns.GetValueOrDefault(kind)?.Informer.NotServed == true)
            {
                return false;
            }

            return _installed.TryGetValue(kind, out var installed) ? installed : null;
        }
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled. Cancelling also cancels the
    /// reconciles in flight; this returns once they have all ended.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        LogStarting(_options.Namespace ?? "all namespaces", _options.Workers, _options.ResyncPeriod.TotalSeconds);
        var informers = _coreInformers.Select(i => i.RunAsync(stopping.Token)).ToList();
        var workers = _workers.RunAsync(cancellationToken);
        var resync = ResyncLoopAsync(stopping.Token);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown or lost leadership.
        }
        finally
        {
            Queue.ShutDown();
            await stopping.CancelAsync();
            await workers;
            await resync;
            await Task.WhenAll(informers);
            await StopAddOnsAsync();
            LogStopped();
        }
    }

    public void Dispose() => Queue.Dispose();

    /// <summary>Queues every cached AssistantDeployment and looks for add-on CRDs that came or went.</summary>
    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        EnqueueEveryAssistant();
        await SyncAddOnsAsync(cancellationToken);
    }

    private void EnqueueEveryAssistant()
    {
        foreach (var assistant in Primary.Cache.Snapshot())
        {
            Queue.Add(OwnerMapping.OfPrimary(assistant));
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SyncAddOnsAsync(cancellationToken);
            using var timer = new PeriodicTimer(_options.ResyncPeriod, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ResyncAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SyncAddOnsAsync(CancellationToken cancellationToken)
    {
        foreach (var kind in KubernetesKind.Children.Where(k => k.CrdName is not null))
        {
            bool installed;
            try
            {
                installed = await _api.CrdExistsAsync(kind.CrdName!, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep whatever runs now; the next resync asks again.
                LogCrdLookupFailed(kind.CrdName!, e.Message);
                continue;
            }

            RunningInformer? running;
            bool? before;
            lock (_gate)
            {
                running = _addOns.GetValueOrDefault(kind);
                before = _installed.TryGetValue(kind, out var known) ? known : null;
                _installed[kind] = installed;
            }

            // Every assistant may want the add-on's objects (or report it missing): look at them all again.
            // The first look finds what was there all along, which the first reconciles asked about themselves.
            if (before is { } was && was != installed)
            {
                EnqueueEveryAssistant();
            }

            if (installed && (running is null || running.Task.IsCompleted))
            {
                if (running is not null)
                {
                    await StopAsync(kind, running);
                }

                var informer = NewChildInformer(kind);
                var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                lock (_gate)
                {
                    _addOns[kind] = new RunningInformer(informer, stop, informer.RunAsync(stop.Token));
                }

                LogAddOnWatched(kind.Kind, kind.CrdName!);
            }
            else if (!installed && running is not null)
            {
                await StopAsync(kind, running);
                LogAddOnGone(kind.Kind, kind.CrdName!);
            }
        }
    }

    private async Task StopAddOnsAsync()
    {
        List<KeyValuePair<KubernetesKind, RunningInformer>> running;
        lock (_gate)
        {
            running = _addOns.ToList();
        }

        foreach (var (kind, informer) in running)
        {
            await StopAsync(kind, informer);
        }
    }

    private async Task StopAsync(KubernetesKind kind, RunningInformer running)
    {
        await running.Stop.CancelAsync();
        await running.Task;
        running.Stop.Dispose();
        lock (_gate)
        {
            if (_addOns.GetValueOrDefault(kind) == running)
            {
                _addOns.Remove(kind);
            }
        }
    }

    // Children carry the operator's managed-by label; pods carry their Deployment's selector labels.
    private ResourceInformer NewChildInformer(KubernetesKind kind) =>
        NewInformer(kind, kind == KubernetesKind.Pod ? Naming.InferencePodLabels : Naming.ManagedByLabels, change =>
        {
            if (OwnerMapping.OwnerOf(change.Object) is { } owner && _reconciler.Matters(change))
            {
                Queue.Add(owner);
            }
        });

    private ResourceInformer NewInformer(KubernetesKind kind, IReadOnlyDictionary<string, string>? selector, Action<ResourceEvent> handler) =>
        new(_api, kind, selector, handler, _options, _metrics, _time, _loggerFactory.CreateLogger<ResourceInformer>());

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller starting: watching {Scope}, {Workers} workers, resync every {ResyncSeconds} s")]
    private partial void LogStarting(string scope, int workers, double resyncSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Information, Message = "CRD {CrdName} is installed; watching {Kind}")]
    private partial void LogAddOnWatched(string kind, string crdName);

    [LoggerMessage(Level = LogLevel.Information, Message = "CRD {CrdName} was removed; no longer watching {Kind}")]
    private partial void LogAddOnGone(string kind, string crdName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up CRD {CrdName}: {Error}")]
    private partial void LogCrdLookupFailed(string crdName, string error);
}
