using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Hosting;

public sealed class ProcessLifecycleTests : IDisposable
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Sigterm_FinishesInFlightRequest_ThenExitsZero()
    {
        var (port, metricsPort) = RuntimeProcess.TwoFreePorts();
        var config = WriteConfig(new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = port, MetricsPort = metricsPort, DrainTimeoutSeconds = 30 },

            // A batch that waits up to a second for company keeps the request in flight while the signal arrives.
            Batching = new BatchingConfig { MaxBatchSize = 64, MaxBatchDelayMilliseconds = 1000 },
        });
        using var runtime = RuntimeProcess.Start("--config", config);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await runtime.WaitUntilReadyAsync(baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

        var inFlight = http.PostAsJsonAsync("/v1/embeddings", new { model = "minilm", input = new[] { "one", "two", "three" } });
        for (var i = 0; i < 500 && !inFlight.IsCompleted && !(await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative)))
                 .Contains($"{RuntimeMetricNames.HttpRequestsInFlight} 1", StringComparison.Ordinal); i++)
        {
            await Task.Delay(10);
        }

        // The batch holds the request for its full delay, so it is still running when the signal lands.
        var pendingAtSignal = !inFlight.IsCompleted;
        runtime.Terminate();
        using var response = await inFlight;
        var exitCode = await runtime.WaitForExitAsync(ExitLimit);

        Assert.True(pendingAtSignal, "the request finished before SIGTERM; nothing was drained");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, body.GetProperty("data").GetArrayLength());
        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", runtime.Output, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(RuntimeDefaults.LivePath, UriKind.Relative)));
    }

    [Fact]
    public async Task DefaultFolders_AreUnderDataInTheWorkingDirectory()
    {
        // The container image relies on this rule: its working directory is /, so the defaults are /data/...
        var (port, metricsPort) = RuntimeProcess.TwoFreePorts();
        var config = WriteConfig(new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = port, MetricsPort = metricsPort },
            Model = new ModelConfig { Quantization = QuantizationMode.Int8 },
        });
        var workingDirectory = Directory.CreateDirectory(_directory.File("container-root")).FullName;
        using var runtime = RuntimeProcess.StartIn(workingDirectory, "--config", config);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await runtime.WaitUntilReadyAsync(baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress };

        using var response = await http.PostAsJsonAsync("/v1/sessions/kitchen", new { role = "user", content = "Is the dishwasher done?" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("data/sessions", RuntimeDefaults.LocalSessionsDirectory);
        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "sessions", "kitchen.log")));
        Assert.Equal("data/models", RuntimeDefaults.LocalModelCacheDirectory);
        Assert.Single(Directory.GetFiles(Path.Combine(workingDirectory, "data", "models"), "*int8.v3.onnx"));
    }

    [Fact]
    public async Task PortInUse_ExitsNonZero_NamingThePort()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
        var config = WriteConfig(new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = port, MetricsPort = RuntimeProcess.FreePort() },
            Model = new ModelConfig { Name = "add", Task = ModelTask.Generic, Path = OnnxTestData.Model("test_add") },
        });

        using var runtime = RuntimeProcess.Start("--config", config);
        var exitCode = await runtime.WaitForExitAsync(ExitLimit);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"port {port} (server.port) is already in use", runtime.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKeyInFile_ExitsNonZero_NamingKeyAndFile()
    {
        var config = _directory.File("runtime.yaml");
        await File.WriteAllTextAsync(config, "server:\n  port: 5000\nbatching:\n  maxBatchSise: 4\n");

        using var runtime = RuntimeProcess.Start("--config", config);
        var exitCode = await runtime.WaitForExitAsync(ExitLimit);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(config, runtime.Output, StringComparison.Ordinal);
        Assert.Contains("maxBatchSise", runtime.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchModelCommand_WithUnreachableSource_ExitsNonZero_AndWritesNothing()
    {
        var output = _directory.File("m.onnx");

        using var runtime = RuntimeProcess.Start(
            "fetch-model", "--url", $"http://127.0.0.1:{RuntimeProcess.FreePort()}/m.onnx", "--sha256", new string('0', 64), "--output", output);
        var exitCode = await runtime.WaitForExitAsync(ExitLimit);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("fetch-model", runtime.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    public void Dispose() => _directory.Dispose();

    private string WriteConfig(RuntimeConfig config)
    {
        var path = _directory.File("runtime.yaml");
        File.WriteAllText(path, RuntimeConfigYaml.Serialize(config));
        return path;
    }
}
