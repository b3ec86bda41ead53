namespace NasAssistant.Operator.Controller;

/// <summary>
/// Prometheus metric names the operator exports on its metrics port. The Helm chart's alerts query
/// these names, so they change only together with the chart.
/// </summary>
internal static class OperatorMetricNames
{
    public const string Prefix = "nas_assistant_operator_";

    /// <summary>Reconciles finished, by <see cref="ResultLabel"/> (success, error, requeue).</summary>
    public const string ReconcileTotal = Prefix + "reconcile_total";

    /// <summary>Histogram of reconcile durations in seconds.</summary>
    public const string ReconcileDurationSeconds = Prefix + "reconcile_duration_seconds";

    /// <summary>Keys waiting in the work queue, ready to be reconciled.</summary>
    public const string QueueDepth = Prefix + "queue_depth";

    /// <summary>Watch streams restarted (closed, dropped, 410 Gone, API errors), by <see cref="KindLabel"/>.</summary>
    public const string WatchRestartsTotal = Prefix + "watch_restarts_total";

    /// <summary>1 while this instance holds the leader lease (or runs without election), else 0.</summary>
    public const string Leader = Prefix + "leader";

    /// <summary>Replicas of each assistant by bound (min, max, desired, ready), labelled with the assistant's namespace and name.</summary>
    public const string AssistantReplicas = Prefix + "assistant_replicas";

    public const string AssistantNamespaceLabel = "assistant_namespace";
    public const string AssistantLabel = "assistant";

    public const string ResultLabel = "result";
    public const string KindLabel = "kind";

    public const string ResultSuccess = "success";
    public const string ResultError = "error";
    public const string ResultRequeue = "requeue";

    /// <summary>The controller's own metrics, exported from the first scrape.</summary>
    public static IReadOnlyList<string> Controller { get; } = [ReconcileTotal, ReconcileDurationSeconds, QueueDepth, WatchRestartsTotal, Leader];

    /// <summary>Every metric name above (per-assistant ones appear once an assistant is reconciled), for checks that the chart and the code agree.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Controller, AssistantReplicas];
}
