namespace NasAssistant.Runtime.Config;

/// <summary>Dynamic batching: requests wait at most the delay to be run together.</summary>
public sealed record BatchingConfig
{
    /// <summary>Most requests run in one model call.</summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>Longest a request waits for others to join its batch.</summary>
    public int MaxBatchDelayMilliseconds { get; init; } = 5;

    /// <summary>Requests waiting beyond this are refused with 429 and Retry-After.</summary>
    public int MaxQueueLength { get; init; } = 256;
}
