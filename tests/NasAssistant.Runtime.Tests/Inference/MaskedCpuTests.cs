using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace NasAssistant.Runtime.Tests.Inference;

/// <summary>
/// The runtime as a process on this machine with CPUID reporting an older CPU (tests/cpu/as-cpu.sh), with no setting
/// from the user: it must choose the graph optimization and INT8 weights such a CPU gets, and serve with them what
/// this CPU serves with all its features. This silicon then runs the code paths such a CPU runs; for the SSE4.2 CPUs,
/// tests/cpu/emulated-cpus.sh shows that emulated Nehalem and Goldmont cores compute the same, bit for bit.
/// </summary>
public sealed class MaskedCpuTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>The Celeron J4125 and N5105: <c>basic</c>, and FP32 as this CPU computes it.</summary>
    [AsCpuFact("sse4.2")]
    public async Task Sse42_Fp32_ChoosesBasic_AndEmbedsWithin1e4OfThisCpuWithAllItsFeatures()
    {
        var texts = AccuracyTexts.OneWord.Concat(AccuracyTexts.TwoWords).Concat(AccuracyTexts.Sentences).ToArray();

        var served = await ServeAsync("sse4.2", QuantizationMode.None, texts, (log, metrics) =>
        {
            Assert.Contains("graph optimization basic, the highest level safe on this CPU: x64 (no avx)", log, StringComparison.Ordinal);
            Assert.Contains("graph_optimization=\"basic\"", metrics, StringComparison.Ordinal);
        });

        var native = EmbedHere(texts);
        var largest = native.Zip(served, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        output.WriteLine($"FP32 as an SSE4.2 CPU against this CPU ({CpuFeatures.Current.Describe()}): largest difference {largest:E2}");
        Assert.True(largest <= 1e-4, $"largest difference {largest}");
    }

    /// <summary>INT8 on each class of CPU: its level, its weights (uint8 without VNNI), and the accuracy bars on every text.</summary>
    [AsCpuFact("sse4.2")]
    public Task Sse42_Int8_ChoosesBasic_AndTheUint8Weights_AndMeetsTheAccuracyBars() =>
        Int8MeetsTheAccuracyBarsAsync("sse4.2", "x64 (no avx)", "basic", "uint8");

    [AsCpuFact("avx2")]
    public Task Avx2_Int8_ChoosesAll_AndTheUint8Weights_AndMeetsTheAccuracyBars() =>
        Int8MeetsTheAccuracyBarsAsync("avx2", "x64 (avx avx2 fma)", "all", "uint8");

    [AsCpuFact("avx-vnni")]
    public Task AvxVnni_Int8_ChoosesAll_AndTheInt8Weights_AndMeetsTheAccuracyBars() =>
        Int8MeetsTheAccuracyBarsAsync("avx-vnni", "x64 (avx avx2 fma avx-vnni)", "all", "int8");

    private async Task Int8MeetsTheAccuracyBarsAsync(string model, string described, string level, string weights)
    {
        var texts = AccuracyTexts.Classes.Values.SelectMany(t => t).ToArray();
        var cache = _directory.File("models");

        var served = await ServeAsync(model, QuantizationMode.Int8, texts, (log, metrics) =>
        {
            Assert.Contains($"graph optimization {level}, the highest level safe on this CPU: {described}", log, StringComparison.Ordinal);
            Assert.Contains($"graph_optimization=\"{level}\"", metrics, StringComparison.Ordinal);
            var quantized = Assert.Single(Directory.GetFiles(cache, "*.v3.onnx"));
            Assert.EndsWith($".{weights}.v3.onnx", quantized, StringComparison.Ordinal); // HEX.int8.v3.onnx or HEX.uint8.v3.onnx
        }, cache);

        var fp32 = EmbedHere(texts);
        output.WriteLine($"INT8 as {model}, {texts.Length} texts: {AccuracyTexts.Summary(fp32, served)}");
        var below = AccuracyTexts.BelowTheBar(texts, fp32, served);
        Assert.True(below.Length == 0, string.Join("; ", below));
    }

    /// <summary>
    /// Starts the runtime as <paramref name="model"/>, checks its log and metrics with <paramref name="check"/> once it is
    /// ready, and embeds <paramref name="texts"/> over HTTP.
    /// </summary>
    private async Task<float[][]> ServeAsync(string model, QuantizationMode quantization, string[] texts, Action<string, string> check, string? cache = null)
    {
        var (port, metricsPort) = RuntimeProcess.TwoFreePorts();
        var config = _directory.File("runtime.yaml");
        await File.WriteAllTextAsync(config, RuntimeConfigYaml.Serialize(new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = port, MetricsPort = metricsPort },
            Model = new ModelConfig { Quantization = quantization, CacheDirectory = cache ?? _directory.File("models") },
            Conversations = new ConversationConfig { Directory = _directory.File("sessions") },
        }));
        using var runtime = RuntimeProcess.StartThrough([MaskedCpu.Launcher, model], _directory.Path, "--config", config);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await runtime.WaitUntilReadyAsync(baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        check(runtime.Output, await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

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
