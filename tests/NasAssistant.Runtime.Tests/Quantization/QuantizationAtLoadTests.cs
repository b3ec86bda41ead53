using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Commands;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Quantization;

/// <summary>quantization: int8 in the runtime config: quantized once into the cache, reused by every later start.</summary>
public sealed class QuantizationAtLoadTests : IDisposable
{
    private const string Sentence = "The nightly backup of the family photos finished at three.";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task FirstStartQuantizes_SecondStartHitsTheCache_AndServesInt8Embeddings()
    {
        var cache = _directory.File("models");
        var config = new RuntimeConfig { Model = new ModelConfig { Quantization = QuantizationMode.Int8, CacheDirectory = cache } };

        string firstDigest;
        DateTime written;
        await using (var first = await EmbeddedServer.StartAsync(config))
        {
            Assert.Equal(ModelState.Ready, first.Server.ModelHost.State);
            firstDigest = first.Server.ModelHost.QuantizedSha256!;
            Assert.True(first.Logs.Contains("INT8 model quantized now", firstDigest), string.Join('\n', first.Logs.Lines));
            Assert.Contains("nas_assistant_quantization_cache_total{model=\"minilm\",result=\"miss\"}", await first.ScrapeMetricsAsync(), StringComparison.Ordinal);
            written = File.GetLastWriteTimeUtc(QuantizedModelCache.CachedPath(cache, BundledModel.Sha256));
        }

        await using var second = await EmbeddedServer.StartAsync(config);
        Assert.True(second.Logs.Contains("INT8 model from the cache", firstDigest), string.Join('\n', second.Logs.Lines));
        Assert.False(second.Logs.Contains("quantized now"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(QuantizedModelCache.CachedPath(cache, BundledModel.Sha256)));
        var metrics = await second.ScrapeMetricsAsync();
        Assert.Contains("nas_assistant_quantization_cache_total{model=\"minilm\",result=\"hit\"}", metrics, StringComparison.Ordinal);
        Assert.Contains($"quantization=\"int8\",quantized_sha256=\"{firstDigest}\"", metrics, StringComparison.Ordinal);

        using var http = second.CreateClient();
        var response = await http.PostAsJsonAsync("/v1/embeddings", new { model = "minilm", input = Sentence });
        var int8 = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")[0].GetProperty("embedding")
            .EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.True(Vectors.Cosine(Fp32Embedding(Sentence), int8) >= 0.99);
        Assert.True(Vectors.Cosine(Fp32Embedding(Sentence), int8) < 0.99999, "the served model is the FP32 one");
    }

    [Fact]
    public async Task InitStep_WritesTheDigestForKubernetes_AndTheServerThenHitsTheCache()
    {
        var cache = _directory.File("models");
        var configFile = _directory.File("runtime.yaml");
        await File.WriteAllTextAsync(configFile, $"model:\n  quantization: int8\n  cacheDirectory: {cache}\n");
        var log = _directory.File("termination-log");

        using var step = RuntimeProcess.Start("quantize", "--config", configFile, "--termination-log", log);
        Assert.Equal(0, await step.WaitForExitAsync(TimeSpan.FromMinutes(2)));

        var digest = (await File.ReadAllTextAsync(log)).Trim();
        Assert.Matches("^[a-f0-9]{64}$", digest);
        Assert.Contains($"quantized: {QuantizedModelCache.CachedPath(cache, BundledModel.Sha256)} sha256 {digest}", step.Output, StringComparison.Ordinal);
        await using var server = await EmbeddedServer.StartAsync(RuntimeConfigYaml.Parse(await File.ReadAllTextAsync(configFile), configFile));
        Assert.Equal(digest, server.Server.ModelHost.QuantizedSha256);
        Assert.True(server.Logs.Contains("INT8 model from the cache"));
    }

    [Fact]
    public async Task InitStep_RefusesAConfigWithoutInt8_AndAWrongDigest()
    {
        var plain = _directory.File("plain.yaml");
        await File.WriteAllTextAsync(plain, "model:\n  quantization: none\n");
        var wrong = _directory.File("wrong.yaml");
        await File.WriteAllTextAsync(wrong, $"model:\n  path: {BundledModel.ModelPath}\n  sha256: {new string('0', 64)}\n  quantization: int8\n  cacheDirectory: {_directory.File("c")}\n");

        using var nothing = RuntimeProcess.Start("quantize", "--config", plain);
        using var mismatch = RuntimeProcess.Start("quantize", "--config", wrong);

        Assert.Equal(1, await nothing.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("nothing to quantize", nothing.Output, StringComparison.Ordinal);
        Assert.Equal(1, await mismatch.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains($"expected {new string('0', 64)}", mismatch.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.File("c")) && Directory.EnumerateFiles(_directory.File("c"), "*.onnx").Any());
    }

    [Theory]
    [InlineData(new[] { "quantize", "--config", "a.yaml", "--input", "m.onnx" }, "does not go with it")]
    [InlineData(new[] { "quantize", "--config", "a.yaml", "--force" }, "--force applies to quantize --output only")]
    [InlineData(new[] { "quantize", "--input", "m.onnx", "--output", "o.onnx", "--termination-log", "t" }, "--termination-log goes with --cache-dir or --config")]
    public void BadInitStepArguments_AreRefused(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLine.Parse(args, new Dictionary<string, string>()));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static float[] Fp32Embedding(string text)
    {
        using var model = OnnxModel.Open(BundledModel.ModelPath, 1);
        var embedder = new SentenceEmbedder(model, WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256));
        return embedder.Embed([embedder.Tokenizer.Encode(text)])[0];
    }
}
