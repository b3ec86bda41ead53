namespace NasAssistant.Benchmarks;

/// <summary>Latency percentiles and throughput of one load phase.</summary>
internal sealed record LatencyReport(string Name, int Requests, int Errors, double Seconds, double CpuSeconds, double P50, double P95, double P99, double Max)
{
    public double Throughput => Requests / Seconds;

    public static LatencyReport From(string name, List<double> latenciesMs, int errors, double seconds, double cpuSeconds)
    {
        latenciesMs.Sort();
        double Percentile(double p) => latenciesMs.Count == 0 ? double.NaN : latenciesMs[Math.Min(latenciesMs.Count - 1, (int)Math.Ceiling(p * latenciesMs.Count) - 1)];
        return new LatencyReport(name, latenciesMs.Count, errors, seconds, cpuSeconds, Percentile(0.50), Percentile(0.95), Percentile(0.99), latenciesMs.Count == 0 ? double.NaN : latenciesMs[^1]);
    }
}
