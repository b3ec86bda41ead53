using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace NasAssistant.Runtime.Tests.Inference;

/// <summary>
/// The runtime as a process on this machine with CPUID reporting an SSE4.2 CPU without AVX (tests/cpu/sse42.sh), as a
/// Celeron J4125 reports itself. With no setting from the user it must choose the basic graph optimization and the
/// uint8 weights, and serve what this CPU serves with all its features. This silicon then runs the code paths such a
/// CPU runs; tests/cpu/emulated-cpus.sh shows that emulated Nehalem and Goldmont cores compute the same, bit for bit.
/// </summary>
public sealed class Sse42CpuTests(ITestOutputHelper output) : IDisposable
{
    private const string NoAvx = "x64 (no avx)";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Sse42Fact]
    public async Task Fp32_ChoosesBasic_AndEmbedsWithin1e4OfThisCpuWithAllItsFeatures()
    {
        var texts = AccuracyTexts.OneWord.Concat(AccuracyTexts.TwoWords).Concat(AccuracyTexts.Sentences).ToArray();

        var served = await ServeAsSse42Async(QuantizationMode.None, texts, async (runtime, metrics) =>
        {
            Assert.Contains($"graph optimization basic, the highest level safe on this CPU: {NoAvx}", runtime.Output, StringComparison.Ordinal);
            Assert.Contains("graph_optimization=\"basic\"", metrics, StringComparison.Ordinal);
            await Task.CompletedTask;
        });

        var native = EmbedHere(texts);
        var largest = native.Zip(served, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        output.WriteLine($"FP32 as an SSE4.2 CPU against this CPU ({CpuFeatures.Current.Describe()}): largest difference {largest:E2}");
        Assert.True(largest <= 1e-4, $"largest difference {largest}");
    }

    [Sse42Fact]
    public async Task Int8_QuantizesTheUint8Weights_AndMeetsTheAccuracyBarsOnEveryClassOfInput()
    {
        var texts = AccuracyTexts.Classes.Values.SelectMany(t => t).ToArray();
        var cache = _directory.File("models");

        var served = await ServeAsSse42Async(QuantizationMode.Int8, texts, async (runtime, metrics) =>
        {
            Assert.Contains("graph_optimization=\"basic\"", metrics, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(cache, "*.uint8.v3.onnx"));
            Assert.Empty(Directory.GetFiles(cache, "*.int8.v3.onnx"));
            await Task.CompletedTask;
        }, cache);

        var fp32 = EmbedHere(texts);
        output.WriteLine($"INT8 as an SSE4.2 CPU, {texts.Length} texts: {AccuracyTexts.Summary(fp32, served)}");
        var below = AccuracyTexts.BelowTheBar(texts, fp32, served);
        Assert.True(below.Length == 0, string.Join("; ", below));
    }

    /// <summary>Starts the runtime as an SSE4.2 CPU, checks it with <paramref name="check"/> once ready, and embeds <paramref name="texts"/> over HTTP.</summary>
    private async Task<float[][]> ServeAsSse42Async(QuantizationMode quantization, string[] texts, Func<RuntimeProcess, string, Task> check, string? cache = null)
    {
        var (port, metricsPort) = RuntimeProcess.TwoFreePorts();
        var config = _directory.File("runtime.yaml");
        await File.WriteAllTextAsync(config, RuntimeConfigYaml.Serialize(new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = port, MetricsPort = metricsPort },
            Model = new ModelConfig { Quantization = quantization, CacheDirectory = cache ?? _directory.File("models") },
            Conversations = new ConversationConfig { Directory = _directory.File("sessions") },
        }));
        using var runtime = RuntimeProcess.StartThrough(Sse42Cpu.Launcher, _directory.Path, "--config", config);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await runtime.WaitUntilReadyAsync(baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        await check(runtime, await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        var embeddings = new List<float[]>();
        foreach (var chunk in texts.Chunk(32))
        {
            using var response = await http.PostAsJsonAsync("/v1/embeddings", new { model = "minilm", input = chunk });
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            embeddings.AddRange(data.EnumerateArray().Select(e => e.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()));
        }

        return [.. embeddings];
    }

    /// <summary>FP32 embeddings in this process, on this CPU with all its features.</summary>
    private static float[][] EmbedHere(string[] texts)
    {
        using var model = OnnxModel.Open(BundledModel.ModelPath, 2);
        var embedder = new SentenceEmbedder(model, WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256));
        return [.. texts.Select(t => embedder.Embed([embedder.Tokenizer.Encode(t)])[0])];
    }
}
