using NasAssistant.Runtime.Commands;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Commands;

public sealed class HealthCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(null, false, "http://127.0.0.1:5000/v2/health/ready")]
    [InlineData("0.0.0.0", false, "http://127.0.0.1:5000/v2/health/ready")]
    [InlineData("::", true, "https://[::1]:5000/v2/health/ready")]
    [InlineData("192.168.1.20", true, "https://192.168.1.20:5000/v2/health/ready")]
    public void ReadyAddress_IsTheBindAddress_OrLoopbackWhenListeningEverywhere(string? bindAddress, bool tls, string expected)
    {
        var server = new ServerConfig { BindAddress = bindAddress, Tls = new TlsConfig { Enabled = tls } };

        Assert.Equal(new Uri(expected), HealthCommand.ReadyAddress(server));
    }

    [Fact]
    public async Task ReadyServer_ExitsZero()
    {
        await using var server = await EmbeddedServer.StartAsync(GenericModel(OnnxTestData.Model("test_add")));
        using var error = new StringWriter();

        var exitCode = await HealthCommand.RunAsync(AsServed(server), error, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task ServerWhoseModelIsMissing_ExitsOne_WithTheReadinessAnswer()
    {
        await using var server = await EmbeddedServer.StartAsync(GenericModel(_directory.File("missing.onnx")));
        using var error = new StringWriter();

        var exitCode = await HealthCommand.RunAsync(AsServed(server), error, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("answered 503", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_ExitsOne_NamingTheAddress()
    {
        var port = RuntimeProcess.FreePort();
        var config = new RuntimeConfig { Server = new ServerConfig { BindAddress = "127.0.0.1", Port = port } };
        using var error = new StringWriter();

        var exitCode = await HealthCommand.RunAsync(config, error, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains($"http://127.0.0.1:{port}/v2/health/ready", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_TrustsExactlyTheConfiguredCertificate()
    {
        using var served = new TestCertificates(Directory.CreateDirectory(_directory.File("served")).FullName);
        using var other = new TestCertificates(Directory.CreateDirectory(_directory.File("other")).FullName);
        served.Rotate("family.assistants.svc");
        other.Rotate("family.assistants.svc");
        var config = GenericModel(OnnxTestData.Model("test_add")) with
        {
            Server = new ServerConfig { Tls = new TlsConfig { Enabled = true, CertificateFile = served.CertificateFile, KeyFile = served.KeyFile } },
        };
        await using var server = await EmbeddedServer.StartAsync(config);
        var asServed = AsServed(server);
        var withOtherCertificate = asServed with
        {
            Server = asServed.Server with { Tls = asServed.Server.Tls with { CertificateFile = other.CertificateFile } },
        };
        using var error = new StringWriter();

        Assert.Equal(0, await HealthCommand.RunAsync(asServed, error, CancellationToken.None));
        Assert.Equal(1, await HealthCommand.RunAsync(withOtherCertificate, error, CancellationToken.None));
        Assert.Contains("https://127.0.0.1:", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static RuntimeConfig GenericModel(string path) =>
        new() { Model = new ModelConfig { Name = "add", Task = ModelTask.Generic, Path = path } };

    // The configuration as the server runs it: the embedded server binds free ports instead of the configured ones.
    private static RuntimeConfig AsServed(EmbeddedServer server) =>
        server.Config with { Server = server.Config.Server with { Port = server.Server.ApiPort } };
}
