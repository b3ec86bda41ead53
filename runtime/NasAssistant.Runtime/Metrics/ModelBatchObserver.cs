using NasAssistant.Runtime.Batching;

namespace NasAssistant.Runtime.Metrics;

/// <summary>Feeds one model's batcher events into the Prometheus metrics.</summary>
internal sealed class ModelBatchObserver(string model) : IBatchObserver
{
    /// <inheritdoc />
    public void QueueDepthChanged(int depth) => RuntimeMetrics.QueueDepth.WithLabels(model).Set(depth);

    /// <inheritdoc />
    public void BatchExecuted(int requests, TimeSpan duration)
    {
        RuntimeMetrics.BatchSize.WithLabels(model).Observe(requests);
        RuntimeMetrics.InferenceDuration.WithLabels(model).Observe(duration.TotalSeconds);
    }

    /// <inheritdoc />
    public void Rejected(string reason) => RuntimeMetrics.RejectedRequests.WithLabels(model, reason).Inc();
}
