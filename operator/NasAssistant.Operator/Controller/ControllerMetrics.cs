using NasAssistant.Operator.Resources;
using Prometheus;

namespace NasAssistant.Operator.Controller;

/// <summary>The operator's Prometheus metrics, registered in one registry (the default one in production).</summary>
internal sealed class ControllerMetrics
{
    private readonly Counter _reconciles;
    private readonly Histogram _reconcileDuration;
    private readonly Gauge _queueDepth;
    private readonly Counter _watchRestarts;
    private readonly Gauge _leader;

    public ControllerMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _reconciles = factory.CreateCounter(OperatorMetricNames.ReconcileTotal, "Reconciles of AssistantDeployments by result.", OperatorMetricNames.ResultLabel);
        _reconcileDuration = factory.CreateHistogram(OperatorMetricNames.ReconcileDurationSeconds, "Time one reconcile of an AssistantDeployment took.", new HistogramConfiguration
        {
            Buckets = Histogram.ExponentialBuckets(0.005, 2, 12),
        });
        _queueDepth = factory.CreateGauge(OperatorMetricNames.QueueDepth, "AssistantDeployments waiting in the work queue.");
        _watchRestarts = factory.CreateCounter(OperatorMetricNames.WatchRestartsTotal, "Watch streams restarted, by kind.", OperatorMetricNames.KindLabel);
        _leader = factory.CreateGauge(OperatorMetricNames.Leader, "1 while this instance is the leader and reconciles, else 0.");

        // Present from the first scrape, so alerts on rate() see zero rather than absence.
        foreach (var result in new[] { OperatorMetricNames.ResultSuccess, OperatorMetricNames.ResultError, OperatorMetricNames.ResultRequeue })
        {
            _reconciles.WithLabels(result);
        }

        foreach (var kind in KubernetesKind.Children.Prepend(KubernetesKind.AssistantDeployment))
        {
            _watchRestarts.WithLabels(kind.Kind);
        }
    }

    /// <summary>Metrics in a fresh registry of their own (tests and side-by-side instances).</summary>
    public static ControllerMetrics CreateIsolated() => new(Metrics.NewCustomRegistry());

    public void Reconciled(string result, TimeSpan duration)
    {
        _reconciles.WithLabels(result).Inc();
        _reconcileDuration.Observe(duration.TotalSeconds);
    }

    public double ReconcileCount(string result) => _reconciles.WithLabels(result).Value;

    public void SetQueueDepth(int depth) => _queueDepth.Set(depth);

    public void WatchRestarted(string kind) => _watchRestarts.WithLabels(kind).Inc();

    public double WatchRestarts(string kind) => _watchRestarts.WithLabels(kind).Value;

    public void SetLeader(bool leader) => _leader.Set(leader ? 1 : 0);
}
