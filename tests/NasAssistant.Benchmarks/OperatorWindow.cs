using System.Diagnostics;
using System.Globalization;
using NasAssistant.FakeKube;

namespace NasAssistant.Benchmarks;

/// <summary>
/// What the operator process did over a stretch of time: reconciles (from its own metrics), the API
/// requests it sent (from the fake API server's log, cleared by the caller at the start), and the CPU
/// time it used.
/// </summary>
internal sealed class OperatorWindow
{
    private readonly Process _process;
    private readonly HttpClient _metrics;
    private readonly FakeKubeServer _fake;
    private readonly double _reconcilesBefore;
    private readonly double _cpuBefore;

    private OperatorWindow(Process process, HttpClient metrics, FakeKubeServer fake, double reconciles, double cpu)
    {
        _process = process;
        _metrics = metrics;
        _fake = fake;
        _reconcilesBefore = reconciles;
        _cpuBefore = cpu;
    }

    public static async Task<OperatorWindow> StartAsync(Process process, HttpClient metrics, FakeKubeServer fake) =>
        new(process, metrics, fake, await ReconcilesAsync(metrics), CpuSeconds(process));

    public async Task<OperatorFigures> EndAsync()
    {
        var reconciles = await ReconcilesAsync(_metrics) - _reconcilesBefore;
        var cpu = CpuSeconds(_process) - _cpuBefore;

        // The operator's requests only: not the benchmark's own creates, not watches (long-lived streams),
        // not leader election (off here anyway).
        var requests = _fake.Requests.Records
            .Where(r => r.Verb != "watch" && r.Resource != "leases" && !(r.Verb == "create" && r.Resource == "assistantdeployments"))
            .ToList();
        return new OperatorFigures(
            (int)reconciles,
            requests.Count,
            requests.Count(r => r.Verb == "get"),
            requests.Count(r => r.Verb == "list"),
            requests.Count(r => r.IsWrite),
            cpu);
    }

    /// <summary>Waits until no reconcile has finished for a second.</summary>
    public static Task WaitUntilQuietAsync(HttpClient metrics) => WaitAsync(metrics, atLeast: 0);

    /// <summary>Waits until at least <paramref name="reconciles"/> more reconciles (a resync's worth) have finished, and then none for a second.</summary>
    public static Task WaitForResyncAsync(HttpClient metrics, int reconciles) => WaitAsync(metrics, reconciles);

    private static async Task WaitAsync(HttpClient metrics, int atLeast)
    {
        var start = await ReconcilesAsync(metrics);
        var last = start;
        var quietSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var now = await ReconcilesAsync(metrics);
            if (now != last)
            {
                (last, quietSince) = (now, DateTime.UtcNow);
            }
            else if (last - start >= atLeast && DateTime.UtcNow - quietSince >= TimeSpan.FromSeconds(1))
            {
                return;
            }
        }

        throw new TimeoutException("the operator's reconciles did not settle within three minutes");
    }

    private static async Task<double> ReconcilesAsync(HttpClient metrics)
    {
        var text = await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return text.Split('\n')
            .Where(line => line.StartsWith("nas_assistant_operator_reconcile_total{", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static double CpuSeconds(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }
}
