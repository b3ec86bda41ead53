using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Benchmarks;

/// <summary>
/// The channel gateway as its own process (<c>runtime gateway --config FILE</c>, as in its pod), so that its memory
/// and CPU are its own and not the load generator's or the assistant's.
/// </summary>
internal sealed class GatewayChild : IDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly Uri _status;
    private readonly Queue<string> _lastLines = new();

    private GatewayChild(Process process, Uri status)
    {
        _process = process;
        _status = status;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The process, for sampling its memory.</summary>
    public Process Process => _process;

    /// <summary>Its resident memory now, in bytes.</summary>
    public long ResidentBytes => ProcessMemory.Rss(_process.Id);

    /// <summary>CPU time it has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Writes <paramref name="config"/>, on free loopback ports, into <paramref name="directory"/> and starts the gateway.</summary>
    public static GatewayChild Start(GatewayConfig config, string directory)
    {
        var statusPort = LoopbackPorts.Free();
        var file = Path.Combine(directory, "gateway.yaml");
        File.WriteAllText(file, GatewayConfigYaml.Serialize(config with
        {
            Server = new GatewayServerConfig { BindAddress = "127.0.0.1", StatusPort = statusPort, WebhookPort = LoopbackPorts.Free() },
        }));
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "NasAssistant.Runtime.dll"), "gateway", "--config", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new GatewayChild(Process.Start(start)!, new Uri($"http://127.0.0.1:{statusPort}{GatewayDefaults.StatusPath}"));
    }

    /// <summary>Waits until every channel reports ready in <c>/status</c>.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="limit"/>; the message has its last output.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                var status = await http.GetFromJsonAsync<JsonElement>(_status);
                if (status.GetProperty("channels").EnumerateArray().All(c => c.GetProperty("ready").GetBoolean()))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        lock (_lastLines)
        {
            throw new TimeoutException($"the gateway did not become ready:\n{string.Join('\n', _lastLines)}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
