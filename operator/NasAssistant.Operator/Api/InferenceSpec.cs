using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Dynamic batching and threading of inference.</summary>
public sealed class InferenceSpec
{
    /// <summary>Most requests run together in one model call.</summary>
    [SchemaRange(1, 256)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>Longest a request waits, in milliseconds, for others to join its batch.</summary>
    [SchemaRange(0, 1000)]
    public int MaxBatchDelayMilliseconds { get; set; } = 5;

    /// <summary>Requests waiting beyond this are refused with 429 and Retry-After instead of queueing without bound.</summary>
    [SchemaRange(1, 100000)]
    public int MaxQueueLength { get; set; } = 256;

    /// <summary>Model calls a pod runs at once, each on its own batch; 0 runs one per core of the CPU limit (per <c>threads</c> cores when that is set).</summary>
    [SchemaRange(0, 64)]
    public int Workers { get; set; }

    /// <summary>Threads of each model call in a pod; 0 divides the cores of the CPU limit among the workers (one each by default).</summary>
    [SchemaRange(0, 64)]
    public int Threads { get; set; }
}
