using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Inference;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>The real runtime started in this process on free loopback ports.</summary>
public sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly RuntimeServer _server;

    private EmbeddedServer(RuntimeServer server, RuntimeConfig config, CapturedLogs logs)
    {
        _server = server;
        Config = config;
        Logs = logs;
        var scheme = config.Server.Tls.Enabled ? "https" : "http";
        BaseAddress = new Uri($"{scheme}://127.0.0.1:{server.ApiPort}");
        MetricsAddress = new Uri($"http://127.0.0.1:{server.MetricsPort}");
    }

    public RuntimeConfig Config { get; }

    public CapturedLogs Logs { get; }

    public Uri BaseAddress { get; }

    public Uri MetricsAddress { get; }

    internal RuntimeServer Server => _server;

    /// <summary>Starts a server; ports in <paramref name="config"/> are replaced by free ones.</summary>
    /// <param name="config">The server's configuration.</param>
    /// <param name="waitForModel">Whether to return only once the model has loaded or failed.</param>
    /// <param name="filePollInterval">How often watched files are checked.</param>
    /// <param name="cpuCores">The CPU limit the server sizes itself to, instead of this machine's.</param>
    public static Task<EmbeddedServer> StartAsync(RuntimeConfig config, bool waitForModel = true, TimeSpan? filePollInterval = null, double? cpuCores = null) =>
        StartAsync(config, waitForModel, filePollInterval, cpuCores, cpu: null);

    /// <summary>Starts a server that sets its models up for <paramref name="cpu"/> instead of this machine's CPU.</summary>
    internal static Task<EmbeddedServer> StartAsync(RuntimeConfig config, CpuFeatures cpu) =>
        StartAsync(config, waitForModel: true, filePollInterval: null, cpuCores: null, cpu);

    private static async Task<EmbeddedServer> StartAsync(
        RuntimeConfig config, bool waitForModel, TimeSpan? filePollInterval, double? cpuCores, CpuFeatures? cpu)
    {
        config = config with
        {
            Server = config.Server with { BindAddress = "127.0.0.1", Port = 0, MetricsPort = 0 },
        };
        var logs = new CapturedLogs();
        var server = RuntimeServer.Create(config, new RuntimeServerOptions
        {
            HandleSignals = false,
            ConsoleLogging = false,
            ConfigureLogging = b => b.AddProvider(logs),
            FilePollInterval = filePollInterval ?? TimeSpan.FromSeconds(10),
            Limits = cpuCores is { } cores ? new ContainerLimits(cores, 8L << 30) : null,
            Cpu = cpu,
        });
        await server.StartAsync();
        if (waitForModel)
        {
            await server.ModelHost.Loaded;
        }

        return new EmbeddedServer(server, config, logs);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async Task<string> ScrapeMetricsAsync()
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(new Uri(MetricsAddress, "/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
