using System.Diagnostics;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Benchmarks;

/// <summary>
/// The runtime in its own process, as a pod runs it, for one precision: its resident memory once the model is loaded and
/// idle, and its peak under the load of the other phases. The in-process phases cannot tell this, as that process holds
/// both models and the load generator.
/// </summary>
internal static class RuntimeProcessMemory
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(3);

    /// <summary>What one runtime process used.</summary>
    /// <param name="IdleBytes">RSS with the model loaded, a few seconds after it became ready.</param>
    /// <param name="PeakBytes">Highest RSS seen under load, sampled every 100 ms.</param>
    /// <param name="Load">The load it served meanwhile.</param>
    public sealed record Result(long IdleBytes, long PeakBytes, LatencyReport Load);

    /// <summary>Starts the runtime with <paramref name="config"/> (its ports replaced by free ones), measures it and stops it.</summary>
    public static async Task<Result> MeasureAsync(RuntimeConfig config, string name, HttpLoad.Request request, int concurrency, TimeSpan duration)
    {
        var port = LoopbackPorts.Free();
        config = config with { Server = config.Server with { Port = port, MetricsPort = LoopbackPorts.Free() } };
        var configFile = Path.Combine(Path.GetTempPath(), $"nas-assistant-bench-runtime-{Environment.ProcessId}-{port}.yaml");
        await File.WriteAllTextAsync(configFile, RuntimeConfigYaml.Serialize(config));
        // Only the config file configures it: NAS_ASSISTANT_* variables of this shell would override it.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("NAS_ASSISTANT_", StringComparison.Ordinal))
            .ToDictionary(k => k, string? (_) => null);
        environment["ORT_DISABLE_TELEMETRY"] = "1";
        using var process = QuietProcess.Start("NasAssistant.Runtime.dll", ["--config", configFile], environment);
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            await WaitUntilReadyAsync(address, process);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var idle = ProcessMemory.Rss(process.Id);
            long peak = idle;
            using var sampler = new Timer(_ => Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), ProcessMemory.Rss(process.Id))), null, 0, 100);
            var load = await HttpLoad.MeasureAsync(name, address, request, concurrency, duration);
            return new Result(idle, Interlocked.Read(ref peak), load);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            File.Delete(configFile);
        }
    }

    private static async Task WaitUntilReadyAsync(Uri address, Process process)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyLimit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the runtime exited with code {process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/v2/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy loading the model.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the runtime was not ready within {ReadyLimit.TotalMinutes} minutes");
    }
}
