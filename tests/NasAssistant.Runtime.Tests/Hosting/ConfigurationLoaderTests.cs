using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Hosting;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public static TheoryData<string, string, string[], string[]> Rejected => new()
    {
        { "unknown key", "server:\n  prot: 5001\n", [], ["runtime.yaml", "prot"] },
        { "unknown section", "servr:\n  port: 5001\n", [], ["runtime.yaml", "servr"] },
        { "bad value type", "server:\n  port: five\n", [], ["runtime.yaml", "five"] },
        { "value out of range", "batching:\n  maxBatchSize: 0\n", [], ["runtime.yaml", "batching.maxBatchSize"] },
        { "workers out of range", "batching:\n  workers: -1\n", [], ["runtime.yaml", "batching.workers", "one per core"] },
        { "bad enum", "model:\n  task: chatbot\n", [], ["runtime.yaml", "line 2", "Chatbot"] },
        { "chat quantized to int8", "model:\n  task: chat\n  path: /models/phi\n  quantization: int8\n", [], ["runtime.yaml", "model.quantization", "quantized when it is exported"] },
        { "bad bind address", "server:\n  bindAddress: everywhere\n", [], ["runtime.yaml", "server.bindAddress"] },
        { "env unknown key", "", ["NAS_ASSISTANT_SERVER__PROT=1"], ["NAS_ASSISTANT_SERVER__PROT", "PROT"] },
        { "env unknown section", "", ["NAS_ASSISTANT_SERVE__PORT=1"], ["NAS_ASSISTANT_SERVE__PORT", "SERVE"] },
        { "env bad integer", "", ["NAS_ASSISTANT_SERVER__PORT=abc"], ["NAS_ASSISTANT_SERVER__PORT", "server.port", "abc"] },
        { "env bad bool", "", ["NAS_ASSISTANT_SERVER__TLS__ENABLED=yes please"], ["NAS_ASSISTANT_SERVER__TLS__ENABLED", "server.tls.enabled"] },
        { "env section as value", "", ["NAS_ASSISTANT_SERVER__TLS=on"], ["NAS_ASSISTANT_SERVER__TLS", "section"] },
        { "env value out of range", "", ["NAS_ASSISTANT_SERVER__PORT=70000"], ["NAS_ASSISTANT_SERVER__PORT", "server.port"] },
        { "env makes file invalid", "server:\n  tls:\n    certificateFile: /tls/tls.crt\n", ["NAS_ASSISTANT_SERVER__TLS__ENABLED=true"], ["server.tls.keyFile", "NAS_ASSISTANT_SERVER__TLS__ENABLED"] },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void BadConfiguration_StopsWithMessageNamingKeyAndSource(string name, string yaml, string[] environment, string[] messageParts)
    {
        var path = _directory.File("runtime.yaml");
        File.WriteAllText(path, yaml);

        var error = Assert.Throws<RuntimeConfigException>(() => ConfigurationLoader.Load(path, Environment(environment)));

        foreach (var part in messageParts)
        {
            Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"{name}: '{error.Message}' lacks '{part}'");
        }
    }

    [Fact]
    public void NoFile_GivesDefaults_ServingBundledModelOnPort5000()
    {
        var config = ConfigurationLoader.Load(null, Environment([]));

        Assert.Equal(new RuntimeConfig(), config);
        Assert.Equal(RuntimeDefaults.ApiPort, config.Server.Port);
        Assert.Null(config.Model.Path);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        var path = _directory.File("absent.yaml");

        var error = Assert.Throws<RuntimeConfigException>(() => ConfigurationLoader.Load(path, Environment([])));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OperatorRenderedFile_RoundTrips()
    {
        var rendered = new RuntimeConfig
        {
            Server = new ServerConfig
            {
                Port = 5000,
                Tls = new TlsConfig { Enabled = true, CertificateFile = "/etc/nas-assistant/tls/tls.crt", KeyFile = "/etc/nas-assistant/tls/tls.key" },
                ApiKeysFile = "/etc/nas-assistant/auth/api-keys",
            },
            Model = new ModelConfig { Name = "family", Task = ModelTask.Generic, Path = "/models/x.onnx", Sha256 = new string('a', 64), Threads = 2 },
            Batching = new BatchingConfig { MaxBatchSize = 16, MaxBatchDelayMilliseconds = 3, MaxQueueLength = 64 },
        };
        var path = _directory.File("runtime.yaml");
        File.WriteAllText(path, RuntimeConfigYaml.Serialize(rendered));

        var loaded = ConfigurationLoader.Load(path, Environment([]));

        Assert.Equal(rendered, loaded);
    }

    [Theory]
    [InlineData("NAS_ASSISTANT_SERVER__PORT", "5001")]
    [InlineData("NAS_ASSISTANT_server__port", "5001")]
    [InlineData("NAS_ASSISTANT_Server__Port", "5001")]
    public void EnvironmentOverride_WinsOverFile_AnyCase(string variable, string value)
    {
        var path = _directory.File("runtime.yaml");
        File.WriteAllText(path, "server:\n  port: 6000\n  metricsPort: 9191\n");

        var config = ConfigurationLoader.Load(path, Environment([$"{variable}={value}"]));

        Assert.Equal(5001, config.Server.Port);
        Assert.Equal(9191, config.Server.MetricsPort);
    }

    [Fact]
    public void EnvironmentOverrides_TurnOnTheOptionalKnowledgeSection_AndSetTheQuantizationCache()
    {
        var config = ConfigurationLoader.Load(null, Environment(
        [
            "NAS_ASSISTANT_KNOWLEDGE__DIRECTORY=/data/knowledge",
            "NAS_ASSISTANT_KNOWLEDGE__CHUNK_CHARACTERS=400",
            "NAS_ASSISTANT_MODEL__QUANTIZATION=int8",
            "NAS_ASSISTANT_MODEL__CACHE_DIRECTORY=/models/quantized",
        ]));

        Assert.Equal("/data/knowledge", config.Knowledge?.Directory);
        Assert.Equal(400, config.Knowledge?.ChunkCharacters);
        Assert.Equal(QuantizationMode.Int8, config.Model.Quantization);
        Assert.Equal("/models/quantized", config.Model.CacheDirectory);
    }

    [Fact]
    public void EnvironmentOverrides_ReachNestedSectionsAndSnakeCaseKeys_WithoutAFile()
    {
        var config = ConfigurationLoader.Load(null, Environment(
        [
            "NAS_ASSISTANT_BATCHING__MAX_BATCH_SIZE=16",
            "NAS_ASSISTANT_BATCHING__maxQueueLength=32",
            "NAS_ASSISTANT_BATCHING__WORKERS=3",
            "NAS_ASSISTANT_MODEL__TASK=Generic",
            "NAS_ASSISTANT_MODEL__PATH=/models/a.onnx",
            "NAS_ASSISTANT_SERVER__TLS__ENABLED=true",
            "NAS_ASSISTANT_SERVER__TLS__CERTIFICATE_FILE=/tls/tls.crt",
            "NAS_ASSISTANT_SERVER__TLS__KEY_FILE=/tls/tls.key",
            "NAS_ASSISTANT_CONFIG=/ignored/by/the/loader.yaml",
            "UNRELATED=1",
        ]));

        Assert.Equal(16, config.Batching.MaxBatchSize);
        Assert.Equal(32, config.Batching.MaxQueueLength);
        Assert.Equal(3, config.Batching.Workers);
        Assert.Equal(ModelTask.Generic, config.Model.Task);
        Assert.Equal("/models/a.onnx", config.Model.Path);
        Assert.True(config.Server.Tls.Enabled);
        Assert.Equal("/tls/tls.key", config.Server.Tls.KeyFile);
    }

    public void Dispose() => _directory.Dispose();

    private static Dictionary<string, string> Environment(string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
