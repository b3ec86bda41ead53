namespace NasAssistant.Runtime.Config;

/// <summary>Histogram bucket bounds the runtime exports and the operator's alerts rely on.</summary>
public static class RuntimeMetricBuckets
{
    /// <summary>
    /// Bounds of <see cref="RuntimeMetricNames.ConversationFsyncDuration"/> in seconds. 0.05 and 0.2 are the disk
    /// latency alerts' thresholds: bounds there make their p99 comparison exact instead of interpolated.
    /// </summary>
    public static IReadOnlyList<double> ConversationFsyncSeconds { get; } =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2.5];
}
