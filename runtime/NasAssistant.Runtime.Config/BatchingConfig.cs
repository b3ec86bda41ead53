namespace NasAssistant.Runtime.Config;

/// <summary>Dynamic batching: requests wait at most the delay to be run together.</summary>
public sealed record BatchingConfig
{
    /// <summary>Most requests run in one model call.</summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>Longest a request waits for others to join its batch.</summary>
    public int MaxBatchDelayMilliseconds { get; init; } = 5;

    /// <summary>
    /// Batches the model runs at once, each on its own thread; 0 runs one per whole core of the CPU limit
    /// (per <c>model.threads</c> cores when that is set), which on a small CPU is faster than one batch at a
    /// time spread over every core.
    /// </summary>
    public int Workers { get; init; }

    /// <summary>Requests waiting beyond this are refused with 429 and Retry-After.</summary>
    public int MaxQueueLength { get; init; } = 256;
}
