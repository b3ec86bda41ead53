namespace NasAssistant.Benchmarks;

/// <summary>Settings of the runtime benchmark.</summary>
internal sealed record RuntimeBenchmarkOptions
{
    public int Concurrency { get; init; } = 50;

    public int Seconds { get; init; } = 10;

    /// <summary>Intra-op threads; 0 sizes them as the runtime does.</summary>
    public int Threads { get; init; }

    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 2, 4, 8, 16];

    public string ReportPath { get; init; } = "data/benchmarks/runtime-report.txt";
}
