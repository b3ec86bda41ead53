using NasAssistant.Runtime.Config;

namespace NasAssistant.Benchmarks;

/// <summary>Settings of the runtime benchmark.</summary>
internal sealed record RuntimeBenchmarkOptions
{
    public int Concurrency { get; init; } = 50;

    public int Seconds { get; init; } = 10;

    /// <summary>Batches run at once; 0: one per whole core, as the runtime does.</summary>
    public int Workers { get; init; }

    /// <summary>Intra-op threads of each; 0 divides the cores among the workers, as the runtime does.</summary>
    public int Threads { get; init; }

    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 2, 4, 8, 16];

    /// <summary>The graph optimization every session gets; auto: the level the runtime picks for this CPU.</summary>
    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.Auto;

    public string ReportPath { get; init; } = "data/benchmarks/runtime-report.txt";
}
