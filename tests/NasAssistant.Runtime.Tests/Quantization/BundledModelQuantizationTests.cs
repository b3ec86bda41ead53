using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace NasAssistant.Runtime.Tests.Quantization;

/// <summary>The bundled all-MiniLM-L6-v2 quantized to INT8 against its FP32 embeddings.</summary>
public sealed class BundledModelQuantizationTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "How do I reset my router to factory settings?",
        "Backups run every night at two in the morning.",
        "The NAS has four drives in a RAID 5 array.",
        "Quantum computers use qubits instead of classical bits.",
        "I would like to order a large pepperoni pizza, please.",
        "What is the capital of Australia?",
        "The meeting was postponed until next Thursday afternoon.",
        "Photosynthesis converts light energy into chemical energy.",
        "She plays the violin in the city orchestra.",
        "Kubernetes schedules pods onto nodes based on resource requests.",
        "My cat refuses to eat anything except tuna.",
        "The stock market fell sharply after the announcement.",
        "Please remind me to water the plants tomorrow.",
        "A good night's sleep improves memory and concentration.",
        "The train to Berlin leaves from platform nine.",
        "Error 404: the requested page could not be found.",
        "He scored the winning goal in the final minute.",
        "Climate change is raising sea levels around the world.",
        "Mix flour, sugar and eggs, then bake for thirty minutes.",
        "The library closes early on public holidays.",
        "Encrypt the disk before shipping the laptop abroad.",
        "Why is the sky blue during the day?",
        "Our team shipped the new release ahead of schedule.",
        "The mountain trail was covered in fresh snow.",
        "Interest rates are expected to stay unchanged this quarter.",
        "Can you translate this paragraph into Spanish?",
        "The museum displays paintings from the Renaissance period.",
        "Solar panels on the roof generate most of our electricity.",
        "The printer on the second floor is out of paper again.",
    ];

    private readonly TempDirectory _directory = new();
    private readonly WordPieceTokenizer _tokenizer = WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void QuantizedModel_EmbedsSentencesWithinCosine099OfFp32(bool reducedRange)
    {
        var range = reducedRange ? WeightRange.Reduced : WeightRange.Auto;
        var quantized = Quantize(QuantizationOptions.Default with { WeightRange = range });

        var reference = EmbedOneByOne(BundledModel.ModelPath, Sentences);
        var actual = EmbedOneByOne(quantized, Sentences);

        var cosines = reference.Zip(actual, (r, a) => Vectors.Cosine(r, a)).ToArray();
        output.WriteLine($"{Int8Kernels.Resolve(range)} range: min cosine {cosines.Min():F4}, mean {cosines.Average():F4}");
        Assert.True(cosines.Min() >= 0.99, $"min cosine {cosines.Min():F4} for \"{Sentences[Array.IndexOf(cosines, cosines.Min())]}\"");
    }

    [Fact]
    public void QuantizedModel_InBatchesOfEight_StaysClose()
    {
        var quantized = Quantize(QuantizationOptions.Default);

        var reference = EmbedInBatches(BundledModel.ModelPath);
        var actual = EmbedInBatches(quantized);

        // A batch shares one activation scale per tensor, set by its largest value, so padded batches lose a
        // little more than single sentences (measured: min 0.989, mean 0.994).
        var cosines = reference.Zip(actual, (r, a) => Vectors.Cosine(r, a)).ToArray();
        output.WriteLine($"batches of 8: min cosine {cosines.Min():F4}, mean {cosines.Average():F4}");
        Assert.True(cosines.Min() >= 0.985, $"min cosine {cosines.Min():F4}");
        Assert.True(cosines.Average() >= 0.99, $"mean cosine {cosines.Average():F4}");
    }

    [Fact]
    public void QuantizedModel_OnOneWordInputs_LosesMore_ButStaysClose()
    {
        // One token between [CLS] and [SEP]: the [CLS] row's outlier activations set the per-tensor scale and the
        // pooled mean has only three rows to average the rounding out (measured: min 0.97).
        string[] words = ["ok", "hello", "thanks!", "backup", "NAS"];
        var quantized = Quantize(QuantizationOptions.Default);

        var cosines = EmbedOneByOne(BundledModel.ModelPath, words)
            .Zip(EmbedOneByOne(quantized, words), (r, a) => Vectors.Cosine(r, a))
            .ToArray();

        output.WriteLine($"one-word inputs: {string.Join(", ", words.Zip(cosines, (w, c) => $"{w} {c:F4}"))}");
        Assert.True(cosines.Min() >= 0.95, $"min cosine {cosines.Min():F4}");
    }

    [Fact]
    public async Task QuantizedModel_KeepsEverythingButTheProducts()
    {
        var source = OnnxQuantizer.Load(BundledModel.ModelPath);
        var path = _directory.File("minilm.int8.onnx");

        var report = OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, path, QuantizationOptions.Default, overwrite: false);
        var quantized = OnnxQuantizer.Load(path);

        // 36 MatMuls with weights (Q, K, V, attention output, two feed-forward per layer) and the pooler's Gemm;
        // the 12 attention products multiply two activations and stay FP32.
        Assert.Equal(37, report.NodesQuantized);
        Assert.Equal(36, report.BiasesFolded);
        Assert.Equal(12, report.Skipped.Count);
        Assert.All(report.Skipped, s => Assert.Contains("computed at run time", s.Reason, StringComparison.Ordinal));
        Assert.InRange(report.WeightBytesAfter, report.WeightBytesBefore / 4, (report.WeightBytesBefore / 4) + 100_000);
        Assert.True(report.BytesAfter < report.BytesBefore - (report.WeightBytesBefore / 2), $"{report.BytesBefore} -> {report.BytesAfter}");
        Assert.Equal(await ModelDigest.ComputeAsync(path, CancellationToken.None), report.OutputSha256);

        var folded = source.Graph.Node
            .Where(n => n.OpType == "Add" && !quantized.Graph.Node.Any(q => q.Name == n.Name))
            .Select(n => n.Name)
            .ToHashSet();
        Assert.Equal(36, folded.Count);
        Assert.Equal(
            source.Graph.Node.Where(n => !folded.Contains(n.Name)).Select(n => n.Name + (IsQuantized(n, source) ? "_quant" : "")),
            quantized.Graph.Node.Select(n => n.Name));
        Assert.Equal(source.Graph.Input, quantized.Graph.Input);
        Assert.Equal(source.Graph.Output, quantized.Graph.Output);
        Assert.Equal((source.IrVersion, source.ProducerName, source.ProducerVersion), (quantized.IrVersion, quantized.ProducerName, quantized.ProducerVersion));
        Assert.Equal(source.MetadataProps, quantized.MetadataProps);
        var kept = quantized.Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var tensor in source.Graph.Initializer.Where(t => kept.ContainsKey(t.Name)))
        {
            Assert.Equal(tensor, kept[tensor.Name]);
        }

        Assert.Equal(source.Graph.Initializer.Count - 37 + (2 * 37), quantized.Graph.Initializer.Count);
    }

    private static bool IsQuantized(Onnx.NodeProto node, Onnx.ModelProto model) =>
        node.OpType is "MatMul" or "Gemm" && model.Graph.Initializer.Any(t => t.Name == node.Input[1]);

    private string Quantize(QuantizationOptions options)
    {
        var path = _directory.File($"minilm.{Guid.NewGuid():N}.onnx");
        OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, path, options, overwrite: false);
        return path;
    }

    private float[][] EmbedOneByOne(string modelPath, IEnumerable<string> texts)
    {
        using var model = OnnxModel.Open(modelPath, 2);
        var embedder = new SentenceEmbedder(model, _tokenizer);
        return texts.Select(t => embedder.Embed([_tokenizer.Encode(t)])[0]).ToArray();
    }

    private float[][] EmbedInBatches(string modelPath)
    {
        using var model = OnnxModel.Open(modelPath, 2);
        var embedder = new SentenceEmbedder(model, _tokenizer);
        return Sentences.Chunk(8).SelectMany(batch => embedder.Embed(batch.Select(_tokenizer.Encode).ToArray())).ToArray();
    }
}
