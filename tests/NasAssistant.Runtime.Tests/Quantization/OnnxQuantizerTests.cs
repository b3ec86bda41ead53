using Google.Protobuf;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Tests.Support;
using Onnx;

namespace NasAssistant.Runtime.Tests.Quantization;

public sealed class OnnxQuantizerTests : IDisposable
{
    private static readonly QuantizationOptions AnySize = new() { MinimumElements = 0 };
    private static readonly QuantizationOptions PerTensor = AnySize with { Activations = ActivationGranularity.PerTensor };
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void MatMul2d_FromOnnxTestData_StaysWithinTheQuantizationErrorOfTheReference(bool perChannel, bool perRow)
    {
        var activations = perRow ? ActivationGranularity.PerRow : ActivationGranularity.PerTensor;
        // test_matmul_2d feeds B as a graph input; turn it into an initializer from the case's own input_1.pb.
        var model = OnnxQuantizer.Load(OnnxTestData.Model("test_matmul_2d"));
        var bName = model.Graph.Input[1].Name;
        var b = TensorProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(OnnxTestData.Case("test_matmul_2d"), "test_data_set_0", "input_1.pb")));
        b.Name = bName;
        model.Graph.Input.RemoveAt(1);
        model.Graph.Initializer.Add(b);
        var source = _directory.File("matmul_2d.onnx");
        TestModels.Save(model, source);
        var a = OnnxTestData.Tensors("test_matmul_2d", "input")[0];
        var expected = OnnxTestData.Tensors("test_matmul_2d", "output")[0];
        var (m, k) = ((int)a.Dims[0], (int)a.Dims[1]);
        var n = (int)b.Dims[1];

        var output = _directory.File("matmul_2d.int8.onnx");
        var report = OnnxQuantizer.QuantizeFile(source, output, AnySize with { PerChannel = perChannel, Activations = activations }, overwrite: false);

        Assert.Equal(1, report.NodesQuantized);
        Assert.Empty(report.Skipped);
        Assert.Equal(activations == ActivationGranularity.PerRow, report.PerRowActivations);
        var quantized = OnnxQuantizer.Load(output);
        var opType = activations == ActivationGranularity.PerRow ? "MatMulIntegerToFloat" : "DynamicQuantizeMatMul";
        var node = Assert.Single(quantized.Graph.Node, n => n.Domain == "com.microsoft");
        Assert.Equal(opType, node.OpType);
        Assert.DoesNotContain(quantized.Graph.Node, n => n.OpType == "MatMul");
        Assert.Contains(quantized.OpsetImport, o => o.Domain == "com.microsoft" && o.Version == 1);
        Assert.DoesNotContain(quantized.Graph.Initializer, t => t.Name == bName);
        var scales = TestModels.ReadFloats(quantized.Graph.Initializer.Single(t => t.Name == node.Input[activations == ActivationGranularity.PerRow ? 3 : 2]));
        Assert.Equal(perChannel ? n : 1, scales.Length);

        var aValues = a.Values.Select(Convert.ToSingle).ToArray();
        var actual = TestModels.Run(output, (a.Name.Length > 0 ? a.Name : model.Graph.Input[0].Name, aValues, [m, k]));
        var bound = TestModels.ErrorBound(aValues, TestModels.ReadFloats(b), scales, m, k, n, activations == ActivationGranularity.PerRow);
        for (var i = 0; i < actual.Length; i++)
        {
            var reference = Convert.ToDouble(expected.Values[i]);
            Assert.True(Math.Abs(actual[i] - reference) <= bound[i], $"y[{i}] = {actual[i]}, reference {reference}, allowed error {bound[i]}");
        }
    }

    [Theory]
    [InlineData(true, "none")]
    [InlineData(true, "vector")]
    [InlineData(true, "row")]
    [InlineData(false, "vector")]
    [InlineData(false, "row")]
    public void Gemm_WithTransBAndBias_MatchesTheFloatProduct(bool transB, string bias)
    {
        const int M = 5, K = 64, N = 48;
        var random = new Random(7);
        var a = TestModels.RandomValues(random, M * K, 2f);
        var b = TestModels.RandomValues(random, K * N, 0.5f);
        var c = TestModels.RandomValues(random, N);
        var stored = transB ? Transpose(b, K, N) : b;
        var model = TestModels.Empty();
        var graph = model.Graph;
        graph.Input.Add(TestModels.FloatValue("a", M, K));
        graph.Output.Add(TestModels.FloatValue("y", M, N));
        graph.Initializer.Add(FloatTensors.Create("b", stored, transB ? new long[] { N, K } : new long[] { K, N }));
        string[] inputs = ["a", "b"];
        if (bias != "none")
        {
            graph.Initializer.Add(FloatTensors.Create("c", c, bias == "row" ? new long[] { 1, N } : new long[] { N }));
            inputs = ["a", "b", "c"];
        }

        graph.Node.Add(TestModels.Node("Gemm", "dense", inputs, ["y"], TestModels.Int("transB", transB ? 1 : 0), TestModels.Float("alpha", 1f)));
        var source = _directory.File("gemm.onnx");
        TestModels.Save(model, source);

        var output = _directory.File("gemm.int8.onnx");
        var report = OnnxQuantizer.QuantizeFile(source, output, PerTensor, overwrite: false);

        Assert.Equal(1, report.NodesQuantized);
        var quantized = OnnxQuantizer.Load(output);
        var node = Assert.Single(quantized.Graph.Node);
        Assert.Equal("dense_quant", node.Name);
        // The encoding this CPU's kernels take (Int8Kernels): signed weights need no zero point, unsigned ones carry 128.
        var unsigned = Int8Kernels.Resolve(WeightEncoding.Auto) == WeightEncoding.Unsigned;
        Assert.Equal(bias == "none" ? (unsigned ? 4 : 3) : 5, node.Input.Count);
        var weights = quantized.Graph.Initializer.Single(t => t.Name == node.Input[1]);
        Assert.Equal(new long[] { K, N }, weights.Dims);
        Assert.Equal((int)(unsigned ? TensorProto.Types.DataType.Uint8 : TensorProto.Types.DataType.Int8), weights.DataType);
        Assert.DoesNotContain(quantized.Graph.Initializer, t => t.Name == "b");
        if (bias != "none")
        {
            Assert.Equal(new long[] { N }, quantized.Graph.Initializer.Single(t => t.Name == node.Input[4]).Dims);
        }

        var actual = TestModels.Run(output, ("a", a, [M, K]));
        var expected = TestModels.Multiply(a, b, M, K, N);
        var scales = TestModels.ReadFloats(quantized.Graph.Initializer.Single(t => t.Name == node.Input[2]));
        var bound = TestModels.ErrorBound(a, b, scales, M, K, N);
        for (var i = 0; i < actual.Length; i++)
        {
            var reference = expected[i] + (bias == "none" ? 0 : c[i % N]);
            Assert.True(Math.Abs(actual[i] - reference) <= bound[i], $"y[{i}] = {actual[i]}, reference {reference}, allowed error {bound[i]}");
        }
    }

    [Theory]
    [InlineData(true, "none")]
    [InlineData(true, "vector")]
    [InlineData(true, "row")]
    [InlineData(false, "vector")]
    public void PerRowActivations_GemmWithTransBAndBias_MatchesTheFloatProduct(bool transB, string bias)
    {
        const int M = 5, K = 64, N = 48;
        var random = new Random(11);
        var a = TestModels.RandomValues(random, M * K, 2f);
        var b = TestModels.RandomValues(random, K * N, 0.5f);
        var c = TestModels.RandomValues(random, N);
        var model = TestModels.Empty();
        var graph = model.Graph;
        graph.Input.Add(TestModels.FloatValue("a", M, K));
        graph.Output.Add(TestModels.FloatValue("y", M, N));
        graph.Initializer.Add(FloatTensors.Create("b", transB ? Transpose(b, K, N) : b, transB ? new long[] { N, K } : new long[] { K, N }));
        string[] inputs = ["a", "b"];
        if (bias != "none")
        {
            graph.Initializer.Add(FloatTensors.Create("c", c, bias == "row" ? new long[] { 1, N } : new long[] { N }));
            inputs = ["a", "b", "c"];
        }

        graph.Node.Add(TestModels.Node("Gemm", "dense", inputs, ["y"], TestModels.Int("transB", transB ? 1 : 0)));
        var source = _directory.File("gemm.onnx");
        TestModels.Save(model, source);

        var output = _directory.File("gemm.int8.onnx");
        var report = OnnxQuantizer.QuantizeFile(source, output, AnySize, overwrite: false);

        Assert.True(report.PerRowActivations);
        var quantized = OnnxQuantizer.Load(output);
        var node = Assert.Single(quantized.Graph.Node, n => n.OpType == "MatMulIntegerToFloat");
        Assert.Equal("dense_quant", node.Name);
        Assert.Equal(["y"], quantized.Graph.Node[^1].Output);
        Assert.DoesNotContain(quantized.Graph.Initializer, t => t.Name is "b" or "c");
        var actual = TestModels.Run(output, ("a", a, [M, K]));
        var expected = TestModels.Multiply(a, b, M, K, N);
        var scales = TestModels.ReadFloats(quantized.Graph.Initializer.Single(t => t.Name == node.Input[3]));
        var bound = TestModels.ErrorBound(a, b, scales, M, K, N, perRow: true);
        for (var i = 0; i < actual.Length; i++)
        {
            var reference = expected[i] + (bias == "none" ? 0 : c[i % N]);
            Assert.True(Math.Abs(actual[i] - reference) <= bound[i], $"y[{i}] = {actual[i]}, reference {reference}, allowed error {bound[i]}");
        }
    }

    [Fact]
    public void PerRowActivations_GiveEachRowTheSameResultAloneOrInABatch_AndSmallRowsFinerSteps()
    {
        // A [2, 3, 64] batch whose first row is 50 times larger than the others, like a transformer's [CLS] row.
        const int B = 2, S = 3, K = 64, N = 32;
        var model = TestModels.MatMul(B * S, K, N, seed: 12, withBias: true);
        model.Graph.Input[0] = TestModels.FloatValue("a", B, S, K);
        model.Graph.Output[0] = TestModels.FloatValue("y", B, S, N);
        foreach (var shape in new[] { model.Graph.Input[0], model.Graph.Output[0] }.Select(v => v.Type.TensorType.Shape))
        {
            shape.Dim[0].DimParam = "batch";
            shape.Dim[1].DimParam = "tokens";
        }
        var weights = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "w"));
        var bias = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "bias"));
        var random = new Random(13);
        var a = TestModels.RandomValues(random, B * S * K);
        for (var p = 0; p < K; p++)
        {
            a[p] *= 50;
        }

        var perRow = Quantized(model, AnySize);
        var perTensor = Quantized(model, PerTensor);

        var batched = TestModels.Run(perRow, ("a", a, [B, S, K]));
        var perTensorBatched = TestModels.Run(perTensor, ("a", a, [B, S, K]));
        var expected = TestModels.Multiply(a, weights, B * S, K, N);
        double perRowError = 0, perTensorError = 0;
        for (var row = 0; row < B * S; row++)
        {
            var alone = TestModels.Run(perRow, ("a", a[(row * K)..((row + 1) * K)], [1, 1, K]));
            for (var j = 0; j < N; j++)
            {
                var i = (row * N) + j;
                Assert.True(Math.Abs(batched[i] - alone[j]) <= 1e-5 * (1 + Math.Abs(alone[j])), $"row {row}: {batched[i]} in the batch, {alone[j]} alone");
                if (row > 0)
                {
                    perRowError = Math.Max(perRowError, Math.Abs(batched[i] - (expected[i] + bias[j])));
                    perTensorError = Math.Max(perTensorError, Math.Abs(perTensorBatched[i] - (expected[i] + bias[j])));
                }
            }
        }

        // The large row sets the per-tensor step for everyone; per-row, the small rows keep steps 50 times finer.
        Assert.True(perRowError * 10 < perTensorError, $"largest error of the small rows: per-row {perRowError}, per-tensor {perTensorError}");
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void UnsignedWeights_StoreQPlus128WithZeroPoint128_AndGiveTheSignedResult(bool perRow, bool perChannel)
    {
        const int M = 4, K = 64, N = 32;
        var model = TestModels.MatMul(M, K, N, seed: 21, withBias: true);
        var options = AnySize with { Activations = perRow ? ActivationGranularity.PerRow : ActivationGranularity.PerTensor, PerChannel = perChannel };
        var a = TestModels.RandomValues(new Random(22), M * K, 2f);
        var w = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "w"));
        var bias = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "bias"));

        var signed = Quantized(model, options with { WeightEncoding = WeightEncoding.Signed });
        var unsigned = Quantized(model, options with { WeightEncoding = WeightEncoding.Unsigned });

        var signedWeights = OnnxQuantizer.Load(signed).Graph.Initializer.Single(t => t.Name == "w_quantized");
        var graph = OnnxQuantizer.Load(unsigned).Graph;
        var unsignedWeights = graph.Initializer.Single(t => t.Name == "w_quantized");
        var zeroPoints = graph.Initializer.Single(t => t.Name == "w_zero_point");
        Assert.Equal((int)TensorProto.Types.DataType.Uint8, unsignedWeights.DataType);
        Assert.Equal(signedWeights.RawData.Select(b => (byte)((sbyte)b + 128)), unsignedWeights.RawData);
        Assert.Equal(perChannel ? new long[] { N } : [], zeroPoints.Dims);
        Assert.All(zeroPoints.RawData, b => Assert.Equal(128, b));
        Assert.Equal(zeroPoints.Name, graph.Node.Single(n => n.Domain == "com.microsoft").Input[perRow ? 5 : 3]);

        // Unsigned weights are right on every CPU; signed ones give the same integers only where the kernels cannot
        // saturate (VNNI, ARM64): on AVX2 without VNNI their u8·s8 pairs overflow 16 bits, which is why the runtime
        // stores unsigned weights there.
        var fromUnsigned = TestModels.Run(unsigned, ("a", a, [M, K]));
        var expected = TestModels.Multiply(a, w, M, K, N);
        var scales = TestModels.ReadFloats(graph.Initializer.Single(t => t.Name == "w_scale"));
        var bound = TestModels.ErrorBound(a, w, perChannel ? scales : [.. Enumerable.Repeat(scales[0], N)], M, K, N, perRow);
        for (var i = 0; i < fromUnsigned.Length; i++)
        {
            Assert.True(Math.Abs(fromUnsigned[i] - (expected[i] + bias[i % N])) <= bound[i], $"y[{i}] = {fromUnsigned[i]}, allowed error {bound[i]}");
        }

        if (Int8Kernels.SaturationFree)
        {
            Assert.Equal(TestModels.Run(signed, ("a", a, [M, K])), fromUnsigned);
        }
    }

    [Fact]
    public void PerRowActivations_QuantizeAnInputOnce_ForAllOfItsProducts()
    {
        var model = TestModels.MatMul(4, 64, 32, seed: 14);
        var graph = model.Graph;
        graph.Initializer.Add(FloatTensors.Create("w2", TestModels.RandomValues(new Random(15), 64 * 48), 64, 48));
        graph.Node.Add(TestModels.Node("MatMul", "second", ["a", "w2"], ["y2"]));
        graph.Output.Add(TestModels.FloatValue("y2", 4, 48));

        var report = OnnxQuantizer.Quantize(model, AnySize);

        Assert.Equal(2, report.NodesQuantized);
        Assert.Equal(2, graph.Node.Count(n => n.OpType == "MatMulIntegerToFloat"));
        Assert.Single(graph.Node, n => n.OpType == "ReduceMin");
        Assert.Single(graph.Node, n => n.OpType == "QuantizeLinear");
        Assert.Equal(["y", "y2"], graph.Node.Where(n => n.OpType == "Reshape").Select(n => n.Output[0]).Where(o => o.StartsWith('y')));
    }

    [Fact]
    public void PerRowActivations_ZeroAndConstantRows_StayFinite_AndLoseOnlyTheWeightRounding()
    {
        const int K = 64, N = 32;
        var model = TestModels.MatMul(3, K, N, seed: 16, withBias: true);
        var weights = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "w"));
        var bias = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "bias"));
        var a = new float[3 * K];
        Array.Fill(a, 2.5f, K, K);
        TestModels.RandomValues(new Random(17), K).CopyTo(a, 2 * K);
        var path = Quantized(model, AnySize);
        var scales = TestModels.ReadFloats(OnnxQuantizer.Load(path).Graph.Initializer.Single(t => t.Name == "w_scale"));

        var actual = TestModels.Run(path, ("a", a, [3, K]));

        var expected = TestModels.Multiply(a, weights, 3, K, N);
        for (var j = 0; j < N; j++)
        {
            Assert.Equal(bias[j], actual[j], 5);
            var weightRounding = (scales[j] / 2 * 2.5 * K) + 1e-4;
            Assert.True(Math.Abs(actual[N + j] - (expected[N + j] + bias[j])) <= weightRounding, $"constant row, column {j}: {actual[N + j]}");
        }

        Assert.All(actual, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void PerRowActivations_FromOpset18_PassTheReductionAxesAsAnInput()
    {
        const int M = 3, K = 64, N = 32;
        var model = TestModels.MatMul(M, K, N, seed: 18, withBias: true);
        model.OpsetImport[0].Version = 18;
        var weights = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "w"));
        var bias = TestModels.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "bias"));
        var path = Quantized(model, AnySize);
        var quantized = OnnxQuantizer.Load(path);
        var a = TestModels.RandomValues(new Random(19), M * K, 3f);

        var actual = TestModels.Run(path, ("a", a, [M, K]));

        Assert.All(quantized.Graph.Node.Where(n => n.OpType is "ReduceMin" or "ReduceMax"), n =>
        {
            Assert.Equal(2, n.Input.Count);
            Assert.DoesNotContain(n.Attribute, x => x.Name == "axes");
        });
        var scales = TestModels.ReadFloats(quantized.Graph.Initializer.Single(t => t.Name == "w_scale"));
        var bound = TestModels.ErrorBound(a, weights, scales, M, K, N, perRow: true);
        var expected = TestModels.Multiply(a, weights, M, K, N);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - (expected[i] + bias[i % N])) <= bound[i], $"y[{i}] = {actual[i]}");
        }
    }

    [Fact]
    public void PerRowActivations_BelowOpset13_FallBackToPerTensor_AndSaySo()
    {
        var model = TestModels.MatMul(2, 64, 32, seed: 20);
        model.OpsetImport[0].Version = 12;

        var report = OnnxQuantizer.Quantize(model, AnySize);

        Assert.False(report.PerRowActivations);
        Assert.Equal("DynamicQuantizeMatMul", Assert.Single(model.Graph.Node).OpType);
        Assert.Contains("per-tensor activations", report.Summary(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alpha", "alpha is 0.5")]
    [InlineData("beta", "beta is 2")]
    [InlineData("transA", "transA = 1")]
    public void Gemm_ThatDoesNotMapOntoTheKernel_IsLeftAloneWithTheReason(string attribute, string reason)
    {
        var model = TestModels.MatMul(4, 64, 32, seed: 3);
        var graph = model.Graph;
        graph.Initializer.Add(FloatTensors.Create("c", new float[32], 32));
        graph.Node.Add(TestModels.Node("Gemm", "odd", ["y", "w2", "c"], ["z"], attribute switch
        {
            "alpha" => TestModels.Float("alpha", 0.5f),
            "beta" => TestModels.Float("beta", 2f),
            _ => TestModels.Int("transA", 1),
        }));
        graph.Initializer.Add(FloatTensors.Create("w2", new float[32 * 32], 32, 32));
        graph.Output.Add(TestModels.FloatValue("z", 4, 32));

        var report = OnnxQuantizer.Quantize(model, AnySize);

        Assert.Equal(1, report.NodesQuantized);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(("odd", "Gemm"), (skipped.Name, skipped.OpType));
        Assert.Contains(reason, skipped.Reason, StringComparison.Ordinal);
        Assert.Contains(graph.Node, n => n.Name == "odd" && n.OpType == "Gemm");
        Assert.Contains(graph.Initializer, t => t.Name == "w2");
    }

    [Fact]
    public void MatMulFollowedByBiasAdd_FoldsTheBias_AndKeepsTheOutputName()
    {
        var model = TestModels.MatMul(3, 64, 32, seed: 5, withBias: true);
        model.Graph.ValueInfo.Add(TestModels.FloatValue("product_out", 3, 32));

        var report = OnnxQuantizer.Quantize(model, PerTensor with { WeightEncoding = WeightEncoding.Signed });

        Assert.Equal(1, report.BiasesFolded);
        var node = Assert.Single(model.Graph.Node);
        Assert.Equal(["a", "w_quantized", "w_scale", "", "bias"], node.Input);
        Assert.Equal(["y"], node.Output);
        Assert.Empty(model.Graph.ValueInfo);
    }

    [Fact]
    public void PerRowActivations_FoldTheBiasIntoTheOffsets_AndKeepTheOutputName()
    {
        var model = TestModels.MatMul(3, 64, 32, seed: 5, withBias: true);
        model.Graph.ValueInfo.Add(TestModels.FloatValue("product_out", 3, 32));

        var report = OnnxQuantizer.Quantize(model, AnySize);

        Assert.Equal(1, report.BiasesFolded);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Add");
        Assert.Equal("y", Assert.Single(model.Graph.Node, n => n.Output.Contains("y")).Output[0]);
        Assert.DoesNotContain(model.Graph.Initializer, t => t.Name is "bias" or "w");
        Assert.Empty(model.Graph.ValueInfo);
    }

    [Fact]
    public void WeightsInFloatData_AreReadLikeRawData()
    {
        var raw = TestModels.MatMul(2, 64, 32, seed: 9);
        var listed = raw.Clone();
        var weight = listed.Graph.Initializer[0];
        weight.FloatData.AddRange(TestModels.ReadFloats(weight));
        weight.RawData = ByteString.Empty;

        OnnxQuantizer.Quantize(raw, AnySize);
        OnnxQuantizer.Quantize(listed, AnySize);

        Assert.Equal(raw.Graph.Initializer.Single(t => t.Name == "w_quantized"), listed.Graph.Initializer.Single(t => t.Name == "w_quantized"));
    }

    [Fact]
    public void SmallWeights_SharedWeights_AndExcludedNodes_StayFloat_WithReasons()
    {
        var model = TestModels.MatMul(2, 8, 8, seed: 1);
        var graph = model.Graph;
        graph.Initializer.Add(FloatTensors.Create("shared", new float[64 * 64], 64, 64));
        graph.Input.Add(TestModels.FloatValue("a2", 2, 64));
        graph.Node.Add(TestModels.Node("MatMul", "uses_shared", ["a2", "shared"], ["s1"]));
        graph.Node.Add(TestModels.Node("Add", "also_uses_shared", ["shared", "shared"], ["s2"]));
        graph.Initializer.Add(FloatTensors.Create("kept", new float[64 * 64], 64, 64));
        graph.Node.Add(TestModels.Node("MatMul", "excluded", ["a2", "kept"], ["s3"]));
        graph.Output.Add(TestModels.FloatValue("s1", 2, 64));
        graph.Output.Add(TestModels.FloatValue("s2", 64, 64));
        graph.Output.Add(TestModels.FloatValue("s3", 2, 64));

        var error = Assert.Throws<QuantizationException>(() =>
            OnnxQuantizer.Quantize(model, new QuantizationOptions { MinimumElements = 100, ExcludedNodes = new HashSet<string> { "excluded" } }));

        Assert.Contains("none of the 3 MatMul/Gemm/Gather nodes can be quantized", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 64 elements, fewer than the minimum of 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("is also input 0 of Add 'also_uses_shared'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'excluded': excluded by the options", error.Message, StringComparison.Ordinal);
        Assert.Equal("MatMul", graph.Node[0].OpType);
    }

    [Fact]
    public void WeightListedAsGraphInput_IsRemovedFromTheInputsWithItsInitializer()
    {
        var model = TestModels.MatMul(2, 64, 32, seed: 4);
        model.Graph.Input.Add(TestModels.FloatValue("w", 64, 32));

        OnnxQuantizer.Quantize(model, PerTensor with { WeightEncoding = WeightEncoding.Signed });

        Assert.Equal(["a"], model.Graph.Input.Select(i => i.Name));
        Assert.Equal(["w_quantized", "w_scale"], model.Graph.Initializer.Select(i => i.Name));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NewNames_DoNotCollideWithExistingOnes(bool perRow)
    {
        var activations = perRow ? ActivationGranularity.PerRow : ActivationGranularity.PerTensor;
        var model = TestModels.MatMul(2, 64, 32, seed: 4);
        model.Graph.Initializer.Add(FloatTensors.Create("w_quantized", [1f], 1));
        model.Graph.Node.Add(TestModels.Node("Identity", "product_quant", ["w_quantized"], ["other"]));
        model.Graph.Output.Add(TestModels.FloatValue("other", 1));

        OnnxQuantizer.Quantize(model, AnySize with { Activations = activations });

        var node = Assert.Single(model.Graph.Node, n => n.Domain == "com.microsoft");
        Assert.Equal("product_quant_1", node.Name);
        Assert.Equal("w_quantized_1", node.Input[1]);
        Assert.Equal(model.Graph.Node.Count, model.Graph.Node.Select(n => n.Name).Distinct().Count());
        var values = model.Graph.Node.SelectMany(n => n.Output).Concat(model.Graph.Initializer.Select(t => t.Name)).ToArray();
        Assert.Equal(values.Length, values.Distinct().Count());
    }

    [Fact]
    public void GarbageFile_IsRefusedAsNotOnnx()
    {
        var source = _directory.File("garbage.onnx");
        File.WriteAllText(source, "this is a text file, not a model\n");

        var error = Assert.Throws<QuantizationException>(() =>
            OnnxQuantizer.QuantizeFile(source, _directory.File("out.onnx"), QuantizationOptions.Default, overwrite: false));

        Assert.Contains("is not an ONNX model", error.Message, StringComparison.Ordinal);
        Assert.Equal(["garbage.onnx"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ModelWithoutMatMul_IsRefused_SayingThereIsNothingToQuantize()
    {
        var error = Assert.Throws<QuantizationException>(() =>
            OnnxQuantizer.QuantizeFile(OnnxTestData.Model("test_abs"), _directory.File("out.onnx"), QuantizationOptions.Default, overwrite: false));

        Assert.Contains("has no MatMul or Gemm node, nor a Gather of a constant table, so there is nothing to quantize", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void MatMulWhoseWeightsAreAnInput_IsRefused_NamingTheReason()
    {
        var error = Assert.Throws<QuantizationException>(() =>
            OnnxQuantizer.QuantizeFile(OnnxTestData.Model("test_matmul_2d"), _directory.File("out.onnx"), AnySize, overwrite: false));

        Assert.Contains("is computed at run time, not a constant initializer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalData_IsRefused()
    {
        var model = TestModels.MatMul(2, 64, 32, seed: 2);
        var weight = model.Graph.Initializer[0];
        weight.RawData = ByteString.Empty;
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        var source = _directory.File("external.onnx");
        TestModels.Save(model, source);

        var error = Assert.Throws<QuantizationException>(() =>
            OnnxQuantizer.QuantizeFile(source, _directory.File("out.onnx"), AnySize, overwrite: false));

        Assert.Contains("tensor 'w' is stored in an external data file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputEqualToInput_IsRefused_EvenThroughASymbolicLink()
    {
        var source = _directory.File("m.onnx");
        TestModels.Save(TestModels.MatMul(2, 64, 32, seed: 2), source);
        var before = File.ReadAllBytes(source);
        var linkedFolder = _directory.File("linked");
        Directory.CreateSymbolicLink(linkedFolder, _directory.Path);

        var same = Assert.Throws<QuantizationException>(() => OnnxQuantizer.QuantizeFile(source, source, AnySize, overwrite: true));
        var aliased = Assert.Throws<QuantizationException>(() =>
            OnnxQuantizer.QuantizeFile(source, Path.Combine(linkedFolder, "m.onnx"), AnySize, overwrite: true));

        Assert.Contains("is the input file", same.Message, StringComparison.Ordinal);
        Assert.Contains("is the input file", aliased.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(source));
    }

    [Fact]
    public void ExistingOutput_IsKept_UnlessOverwriteIsAllowed()
    {
        var source = _directory.File("m.onnx");
        TestModels.Save(TestModels.MatMul(2, 64, 32, seed: 2), source);
        var output = _directory.File("m.int8.onnx");
        File.WriteAllText(output, "keep me");

        var error = Assert.Throws<QuantizationException>(() => OnnxQuantizer.QuantizeFile(source, output, AnySize, overwrite: false));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(output));

        var report = OnnxQuantizer.QuantizeFile(source, output, AnySize, overwrite: true);
        Assert.Equal(new FileInfo(output).Length, report.BytesAfter);
        Assert.Equal(["m.int8.onnx", "m.onnx"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order());
    }

    private string Quantized(ModelProto model, QuantizationOptions options)
    {
        var source = _directory.File($"{Guid.NewGuid():N}.onnx");
        TestModels.Save(model, source);
        var output = _directory.File($"{Guid.NewGuid():N}.int8.onnx");
        OnnxQuantizer.QuantizeFile(source, output, options, overwrite: false);
        return output;
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
