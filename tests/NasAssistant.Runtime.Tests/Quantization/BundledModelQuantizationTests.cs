using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;
using static NasAssistant.Runtime.Tests.Support.AccuracyTexts;

namespace NasAssistant.Runtime.Tests.Quantization;

/// <summary>The bundled all-MiniLM-L6-v2 quantized to INT8 against its FP32 embeddings.</summary>
public sealed class BundledModelQuantizationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly WordPieceTokenizer _tokenizer = WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256);

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> ClassNames => new(Classes.Keys);

    // The served INT8 model, as the cache writes it: the stored FP32 list, the weight encoding of this CPU.
    // Measured (AVX512-VNNI), min / mean cosine: one word 0.9972 / 0.9988, two words 0.9945 / 0.9985, sentences
    // 0.9993 / 0.9996, held-out chat 0.9960 / 0.9991. With nothing in FP32: one word 0.9872, two words 0.9887, and the
    // held-out messages of three or more words 0.9891, below their bar.
    [Theory]
    [MemberData(nameof(ClassNames))]
    public void ServedInt8Model_StaysWithinTheCosineBarOfFp32_ForEachClassOfInput(string name)
    {
        var texts = Classes[name];
        var quantized = Quantize(QuantizationOptions.ForSource(BundledModel.Sha256));

        var fp32 = EmbedInBatches(BundledModel.ModelPath, texts, 1);
        var int8 = EmbedInBatches(quantized, texts, 1);

        output.WriteLine($"{name}: {texts.Length} texts, {Summary(fp32, int8)}");
        var below = BelowTheBar(texts, fp32, int8);
        Assert.True(below.Length == 0, string.Join("; ", below));
    }

    [Fact]
    public void HeldOutChat_HasAtLeast200Messages_NoneOfThemAmongTheCalibrationTexts()
    {
        var calibration = SensitivitySweep.CalibrationTexts().ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(HeldOut.Length >= 200, $"{HeldOut.Length} messages");
        Assert.Equal(HeldOut.Length, HeldOut.Distinct().Count());
        Assert.DoesNotContain(HeldOut.Concat(OneWord).Concat(TwoWords).Concat(Sentences), calibration.Contains);
        Assert.All(OneWord.Concat(TwoWords), t => Assert.True(SensitivitySweep.IsShort(t), t));
    }

    [Fact]
    public async Task ServedInt8Model_IsAtMost30MB_AndKeepsTheStoredNodesInFp32()
    {
        var options = QuantizationOptions.ForSource(BundledModel.Sha256);
        var path = _directory.File("minilm.int8.onnx");

        var report = OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, path, options, overwrite: false);

        output.WriteLine(report.Summary());
        Assert.True(report.BytesAfter <= 30_000_000, $"{report.BytesAfter} bytes");
        Assert.Equal(2, report.TablesQuantized);
        Assert.NotEmpty(options.ExcludedNodes);
        var kept = report.Skipped.Where(s => s.Reason == "excluded by the options").Select(s => s.Name).ToHashSet();
        Assert.Equal(options.ExcludedNodes.Order(), kept.Order());
        var quantized = OnnxQuantizer.Load(path);
        Assert.All(options.ExcludedNodes, name => Assert.Contains(quantized.Graph.Node, n => n.Name == name && n.OpType is "MatMul" or "Gemm" or "Gather"));
        Assert.Equal(report.OutputSha256, await ModelDigest.ComputeAsync(path, CancellationToken.None));
    }

    [Fact]
    public void QuantizingTwice_WritesTheSameBytes()
    {
        var options = QuantizationOptions.ForSource(BundledModel.Sha256);
        var first = OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, _directory.File("a.onnx"), options, overwrite: false);
        var second = OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, _directory.File("b.onnx"), options, overwrite: false);

        Assert.Equal(first.OutputSha256, second.OutputSha256);
    }

    // Measured (AVX512-VNNI, per-row activations): the same min cosine with signed and unsigned weights, whose integer
    // products are equal; per-tensor activations gave 0.9915 alone but 0.989 in batches of 8 and 16. Auto is the
    // encoding the runtime stores on this CPU (signed with VNNI or on ARM64, unsigned on other x86).
    [Theory]
    [InlineData("Auto", 1)]
    [InlineData("Auto", 8)]
    [InlineData("Auto", 16)]
    [InlineData("Unsigned", 1)]
    [InlineData("Unsigned", 16)]
    public void QuantizedModel_EmbedsSentencesWithinCosine0995OfFp32_AloneAndInPaddedBatches(string weights, int batchSize)
    {
        var encoding = Enum.Parse<WeightEncoding>(weights);
        var quantized = Quantize(QuantizationOptions.ForSource(BundledModel.Sha256) with { WeightEncoding = encoding });

        var reference = EmbedInBatches(BundledModel.ModelPath, Sentences, batchSize);
        var actual = EmbedInBatches(quantized, Sentences, batchSize);

        var cosines = reference.Zip(actual, (r, a) => Vectors.Cosine(r, a)).ToArray();
        output.WriteLine($"{encoding} weights, batches of {batchSize}: min cosine {cosines.Min():F4}, mean {cosines.Average():F4}");
        Assert.True(cosines.Min() >= 0.995, $"min cosine {cosines.Min():F4} for \"{Sentences[Array.IndexOf(cosines, cosines.Min())]}\"");
    }

    [Fact]
    public void UnsignedWeights_GiveTheSameEmbeddingsAsSigned_WhereSignedCannotSaturate_AndBetterOnesWhereItCan()
    {
        // The zero point 128 is subtracted inside the integer product, so both encodings multiply the same integers,
        // unless the CPU's kernel saturates u8·s8 pairs at 16 bits (x86 without VNNI), which only signed weights reach.
        var options = QuantizationOptions.ForSource(BundledModel.Sha256);
        var texts = OneWord.Concat(Sentences).ToArray();

        var signed = EmbedInBatches(Quantize(options with { WeightEncoding = WeightEncoding.Signed }), texts, 4);
        var unsigned = EmbedInBatches(Quantize(options with { WeightEncoding = WeightEncoding.Unsigned }), texts, 4);

        if (Int8Kernels.SaturationFree)
        {
            Assert.All(signed.Zip(unsigned), pair => Assert.True(Vectors.Cosine(pair.First, pair.Second) >= 0.999999));
        }
        else
        {
            var reference = EmbedInBatches(BundledModel.ModelPath, texts, 4);
            double Mean(IEnumerable<float[]> embeddings) => reference.Zip(embeddings, Vectors.Cosine).Average();
            output.WriteLine($"mean cosine to FP32: signed {Mean(signed):F4}, unsigned {Mean(unsigned):F4}");
            Assert.True(Mean(unsigned) > Mean(signed), "unsigned weights should avoid the saturation signed ones meet here");
        }
    }

    [Fact]
    public void QuantizedModel_EmbedsEachInputAsIfAlone_InBatchesMixingWordsAndSentences()
    {
        // Per-row activations make a row's quantization independent of its batch: a one-word input padded to the
        // length of a sentence comes out as it does alone (per-tensor activations fell to 0.93 against FP32 here).
        var quantized = Quantize(QuantizationOptions.Default);
        var mixed = Sentences.Take(15).Select((s, i) => i % 3 == 0 ? OneWord[i / 3] : s).ToArray();

        var alone = EmbedInBatches(quantized, mixed, 1);
        var batched = EmbedInBatches(quantized, mixed, 8);

        var cosines = alone.Zip(batched, (r, a) => Vectors.Cosine(r, a)).ToArray();
        output.WriteLine($"alone against batched: min cosine {cosines.Min():F7}");
        Assert.True(cosines.Min() >= 0.99999, $"min cosine {cosines.Min():F7} for \"{mixed[Array.IndexOf(cosines, cosines.Min())]}\"");
    }

    [Fact]
    public async Task QuantizedModel_WithPerTensorActivations_KeepsEverythingButTheProducts()
    {
        var source = OnnxQuantizer.Load(BundledModel.ModelPath);
        var path = _directory.File("minilm.int8.onnx");
        var options = QuantizationOptions.Default with { Activations = ActivationGranularity.PerTensor, QuantizeTables = false, WeightEncoding = WeightEncoding.Signed };

        var report = OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, path, options, overwrite: false);
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

    [Fact]
    public void QuantizedModel_WithPerRowActivations_KeepsEverythingButTheProducts_AndQuantizesEachInputOnce()
    {
        var source = OnnxQuantizer.Load(BundledModel.ModelPath);
        var path = _directory.File("minilm.int8.onnx");

        var report = OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, path, QuantizationOptions.Default with { QuantizeTables = false }, overwrite: false);
        var quantized = OnnxQuantizer.Load(path);

        Assert.True(report.PerRowActivations);
        Assert.Equal(37, report.NodesQuantized);
        Assert.Equal(36, report.BiasesFolded);
        Assert.Equal(37, quantized.Graph.Node.Count(n => n.OpType == "MatMulIntegerToFloat"));
        Assert.DoesNotContain(quantized.Graph.Node, n => n.OpType == "DynamicQuantizeMatMul");

        // One quantization per distinct A: per layer the Q/K/V input, the attention output, and the two feed-forward
        // inputs (4 × 6), plus the pooler's.
        Assert.Equal(25, quantized.Graph.Node.Count(n => n.OpType == "QuantizeLinear"));

        // Every node that was neither a quantized product nor a folded bias is still there, in the same order.
        var products = source.Graph.Node.Where(n => IsQuantized(n, source)).ToArray();
        var productOutputs = products.Select(n => n.Output[0]).ToHashSet();
        var kept = source.Graph.Node
            .Where(n => !products.Contains(n) && !(n.OpType == "Add" && n.Input.Any(productOutputs.Contains)))
            .Select(n => n.Name)
            .ToArray();
        var names = quantized.Graph.Node.Select(n => n.Name).ToHashSet();
        Assert.All(kept, name => Assert.Contains(name, names));
        Assert.Equal(kept, quantized.Graph.Node.Select(n => n.Name).Where(kept.Contains));
        Assert.Equal(source.Graph.Input, quantized.Graph.Input);
        Assert.Equal(source.Graph.Output, quantized.Graph.Output);
        Assert.Equal(source.MetadataProps, quantized.MetadataProps);
        var initializers = quantized.Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var tensor in source.Graph.Initializer.Where(t => initializers.ContainsKey(t.Name)))
        {
            Assert.Equal(tensor, initializers[tensor.Name]);
        }

        // The 37 weights and their 37 biases moved into the quantized products.
        Assert.Equal(source.Graph.Initializer.Count - (2 * 37), source.Graph.Initializer.Count(t => initializers.ContainsKey(t.Name)));
    }

    private static bool IsQuantized(Onnx.NodeProto node, Onnx.ModelProto model) =>
        node.OpType is "MatMul" or "Gemm" && model.Graph.Initializer.Any(t => t.Name == node.Input[1]);

    private string Quantize(QuantizationOptions options)
    {
        var path = _directory.File($"minilm.{Guid.NewGuid():N}.onnx");
        OnnxQuantizer.QuantizeFile(BundledModel.ModelPath, path, options, overwrite: false);
        return path;
    }

    // Batches as the server forms them: consecutive requests, each batch padded to its longest member.
    private float[][] EmbedInBatches(string modelPath, IEnumerable<string> texts, int batchSize)
    {
        using var model = OnnxModel.Open(modelPath, 2);
        var embedder = new SentenceEmbedder(model, _tokenizer);
        return texts.Chunk(batchSize).SelectMany(batch => embedder.Embed(batch.Select(_tokenizer.Encode).ToArray())).ToArray();
    }
}
