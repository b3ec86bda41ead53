using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Models;

public sealed class ModelVerificationTests : IDisposable
{
    private readonly TempDirectory _models = new();

    [Fact]
    public async Task DigestMismatch_NotReady_LogsPathExpectedAndActual_FixedFileAndRestart_Ready()
    {
        var good = OnnxTestData.Model("test_add");
        var expected = Digest(good);
        var path = _models.File("model.onnx");
        File.Copy(OnnxTestData.Model("test_relu"), path);
        var actual = Digest(path);
        var config = Generic("mismatch", path, expected);

        await using (var broken = await EmbeddedServer.StartAsync(config))
        {
            Assert.Equal(ModelState.Failed, broken.Server.ModelHost.State);
            Assert.True(broken.Logs.Contains("SHA-256 mismatch", path, expected, actual), string.Join('\n', broken.Logs.Lines));
            await AssertHealthAsync(broken, ready: false, reasonPart: actual);
            Assert.Contains($"{RuntimeMetricNames.ModelReady}{{model=\"mismatch\"}} 0", await broken.ScrapeMetricsAsync(), StringComparison.Ordinal);
        }

        File.Copy(good, path, overwrite: true);
        await using var fixedServer = await EmbeddedServer.StartAsync(config);

        Assert.Equal(ModelState.Ready, fixedServer.Server.ModelHost.State);
        await AssertHealthAsync(fixedServer, ready: true, reasonPart: null);
        Assert.Contains($"{RuntimeMetricNames.ModelReady}{{model=\"mismatch\"}} 1", await fixedServer.ScrapeMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingModel_NotReady_LogsPath_FileAddedAndRestart_Ready()
    {
        var good = OnnxTestData.Model("test_add");
        var path = _models.File("later.onnx");
        var config = Generic("missing", path, Digest(good));

        await using (var waiting = await EmbeddedServer.StartAsync(config))
        {
            Assert.Equal(ModelState.Failed, waiting.Server.ModelHost.State);
            Assert.True(waiting.Logs.Contains(path, "does not exist", Digest(good)), string.Join('\n', waiting.Logs.Lines));
            await AssertHealthAsync(waiting, ready: false, reasonPart: "does not exist");
            using var http = waiting.CreateClient();
            using var infer = await http.PostAsJsonAsync("/v2/models/missing/infer", new { inputs = Array.Empty<object>() });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, infer.StatusCode);
        }

        File.Copy(good, path);
        await using var restarted = await EmbeddedServer.StartAsync(config);

        await AssertHealthAsync(restarted, ready: true, reasonPart: null);
    }

    [Fact]
    public async Task BundledModel_IsVerifiedAgainstItsKnownDigest()
    {
        Assert.Equal(BundledModel.Sha256, Digest(BundledModel.ModelPath));

        await using var server = await EmbeddedServer.StartAsync(new RuntimeConfig { Model = new ModelConfig { Name = "bundled-check" } });

        Assert.Equal(ModelState.Ready, server.Server.ModelHost.State);
        Assert.True(server.Logs.Contains("ready", BundledModel.Sha256), string.Join('\n', server.Logs.Lines));
    }

    [Fact]
    public async Task UnsupportedTask_NotReady_WithReason()
    {
        await using var server = await EmbeddedServer.StartAsync(new RuntimeConfig { Model = new ModelConfig { Name = "chatty", Task = ModelTask.Chat } });

        await AssertHealthAsync(server, ready: false, reasonPart: "chat");
    }

    public void Dispose() => _models.Dispose();

    private static RuntimeConfig Generic(string name, string path, string sha256) =>
        new() { Model = new ModelConfig { Name = name, Task = ModelTask.Generic, Path = path, Sha256 = sha256 } };

    private static string Digest(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task AssertHealthAsync(EmbeddedServer server, bool ready, string? reasonPart)
    {
        using var http = server.CreateClient();
        using var live = await http.GetAsync(new Uri(RuntimeDefaults.LivePath, UriKind.Relative));
        using var readiness = await http.GetAsync(new Uri(RuntimeDefaults.ReadyPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(ready ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        var body = await readiness.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ready, body.GetProperty("ready").GetBoolean());
        if (reasonPart is not null)
        {
            Assert.Contains(reasonPart, body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
    }
}
