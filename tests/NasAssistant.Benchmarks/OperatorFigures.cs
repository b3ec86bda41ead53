using System.Globalization;

namespace NasAssistant.Benchmarks;

/// <summary>What the operator process did in one <see cref="OperatorWindow"/>.</summary>
/// <param name="Reconciles">Reconciles finished in the window.</param>
/// <param name="Requests">API requests the operator sent, watches excluded.</param>
/// <param name="Gets">Of which GETs of one object.</param>
/// <param name="Lists">Of which lists.</param>
/// <param name="Writes">Of which writes (status, applies, events).</param>
/// <param name="CpuSeconds">CPU time the operator process used.</param>
internal sealed record OperatorFigures(int Reconciles, int Requests, int Gets, int Lists, int Writes, double CpuSeconds)
{
    /// <summary>One line: reconciles, requests per reconcile, CPU per reconcile and per pass over all <paramref name="resources"/>.</summary>
    public string Describe(int resources)
    {
        double Per(int count) => count / (double)Math.Max(1, Reconciles);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Reconciles} reconciles ({Reconciles / (double)resources:F2} per resource); API requests per reconcile {Per(Requests):F2} "
            + $"(get {Per(Gets):F2}, list {Per(Lists):F2}, write {Per(Writes):F2}); CPU {CpuSeconds:F2} s = {CpuSeconds * 1000 / Math.Max(1, Reconciles):F2} ms per reconcile, "
            + $"{CpuSeconds * resources / Math.Max(1, Reconciles):F2} s per pass over all {resources} resources");
    }

    /// <summary>One line of totals: reconciles, requests, CPU.</summary>
    public string DescribeTotals() => string.Create(CultureInfo.InvariantCulture,
        $"{Reconciles} reconciles, {Requests} API requests (get {Gets}, list {Lists}, write {Writes}), CPU {CpuSeconds:F2} s");
}
