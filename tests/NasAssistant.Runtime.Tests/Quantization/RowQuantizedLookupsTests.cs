using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Tests.Support;
using Onnx;

namespace NasAssistant.Runtime.Tests.Quantization;

/// <summary>The embedding lookups (Gather of a constant table) rewritten over int8 rows with a scale each.</summary>
public sealed class RowQuantizedLookupsTests : IDisposable
{
    private const int Rows = 50, Columns = 64;
    private static readonly QuantizationOptions AnySize = new() { MinimumElements = 0 };
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Lookup_BecomesGathersOfInt8RowsAndTheirScales_AndReadsExactlyTheDequantizedRows()
    {
        var (model, table) = Lookup(seed: 1);
        var source = Save(model);

        var report = OnnxQuantizer.Quantize(model, AnySize);

        Assert.Equal((0, 1), (report.NodesQuantized, report.TablesQuantized));
        Assert.Equal(["Gather", "Gather", "Cast", "Mul"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal("y", model.Graph.Node[^1].Output[0]);
        Assert.DoesNotContain(model.Graph.Initializer, t => t.Name == "table");
        var values = model.Graph.Initializer.Single(t => t.Name == "table_quantized");
        var scales = model.Graph.Initializer.Single(t => t.Name == "table_row_scale");
        Assert.Equal((int)TensorProto.Types.DataType.Int8, values.DataType);
        Assert.Equal(new long[] { Rows, Columns }, values.Dims);
        Assert.Equal(new long[] { Rows, 1 }, scales.Dims);
        Assert.Equal(report.WeightBytesBefore / 4, report.WeightBytesAfter - (Rows * sizeof(float)));

        long[] ids = [3, 0, 49, 3, 17, 25];
        var quantized = Save(model);
        var actual = Run(quantized, ids);
        var reference = Run(source, ids);

        // Each row comes back as q × s in FP32, exactly what DequantizeLinear gives, within half a step of the original.
        var q = values.RawData.ToByteArray().Select(b => (sbyte)b).ToArray();
        var s = TestModels.ReadFloats(scales);
        for (var i = 0; i < ids.Length; i++)
        {
            var row = (int)ids[i];
            for (var c = 0; c < Columns; c++)
            {
                var index = (i * Columns) + c;
                Assert.Equal(q[(row * Columns) + c] * s[row], actual[index]);
                Assert.Equal(table[(row * Columns) + c], reference[index]);
                Assert.True(Math.Abs(actual[index] - reference[index]) <= (s[row] / 2) + 1e-7, $"row {row}, column {c}");
            }
        }
    }

    [Fact]
    public void TwoLookupsOfOneTable_ShareItsQuantizedCopy()
    {
        var (model, _) = Lookup(seed: 2);
        model.Graph.Input.Add(Indices("ids2"));
        model.Graph.Node.Add(TestModels.Node("Gather", "second", ["table", "ids2"], ["y2"]));
        model.Graph.Output.Add(TestModels.FloatValue("y2", 2, 3, Columns));

        var report = OnnxQuantizer.Quantize(model, AnySize);

        Assert.Equal(2, report.TablesQuantized);
        Assert.Single(model.Graph.Initializer, t => t.DataType == (int)TensorProto.Types.DataType.Int8);
        Assert.Equal(4, model.Graph.Node.Count(n => n.OpType == "Gather"));
    }

    [Theory]
    [InlineData("axis", "it gathers along axis 1, not rows (axis 0)")]
    [InlineData("shared", "the table ('table') is also input 0 of Identity 'reader'")]
    [InlineData("small", "the table ('table') has 3200 elements, fewer than the minimum of 5000")]
    [InlineData("excluded", "excluded by the options")]
    public void LookupThatCannotBeRewritten_StaysFloat_WithTheReason(string variant, string reason)
    {
        var (model, _) = Lookup(seed: 3);
        var gather = model.Graph.Node[0];
        var options = AnySize;
        switch (variant)
        {
            case "axis":
                gather.Attribute.Add(TestModels.Int("axis", 1));
                break;
            case "shared":
                model.Graph.Node.Add(TestModels.Node("Identity", "reader", ["table"], ["copy"]));
                model.Graph.Output.Add(TestModels.FloatValue("copy", Rows, Columns));
                break;
            case "small":
                options = new QuantizationOptions { MinimumElements = 5000 };
                break;
            default:
                options = AnySize with { ExcludedNodes = new HashSet<string> { "lookup" } };
                break;
        }

        var error = Assert.Throws<QuantizationException>(() => OnnxQuantizer.Quantize(model, options));

        Assert.Contains($"Gather 'lookup': {reason}", error.Message, StringComparison.Ordinal);
        Assert.Equal("table", Assert.Single(model.Graph.Node, n => n.OpType == "Gather").Input[0]);
    }

    [Fact]
    public void TablesOff_LeavesTheLookups_AndQuantizesTheProducts()
    {
        var (model, _) = Lookup(seed: 4);
        model.Graph.Initializer.Add(FloatTensors.Create("w", TestModels.RandomValues(new Random(5), Columns * 32), Columns, 32));
        model.Graph.Node.Add(TestModels.Node("MatMul", "product", ["y", "w"], ["z"]));
        model.Graph.Output.Add(TestModels.FloatValue("z", 2, 3, 32));

        var report = OnnxQuantizer.Quantize(model, AnySize with { QuantizeTables = false });

        Assert.Equal((1, 0), (report.NodesQuantized, report.TablesQuantized));
        Assert.Contains(model.Graph.Node, n => n.Name == "lookup" && n.Input[0] == "table");
        Assert.DoesNotContain("Gathers", report.Counts(), StringComparison.Ordinal);
    }

    private static (ModelProto Model, float[] Table) Lookup(int seed)
    {
        var table = TestModels.RandomValues(new Random(seed), Rows * Columns, 3f);
        var model = TestModels.Empty();
        model.Graph.Input.Add(Indices("ids"));
        model.Graph.Output.Add(TestModels.FloatValue("y", 2, 3, Columns));
        model.Graph.Initializer.Add(FloatTensors.Create("table", table, Rows, Columns));
        model.Graph.Node.Add(TestModels.Node("Gather", "lookup", ["table", "ids"], ["y"]));
        return (model, table);
    }

    private static ValueInfoProto Indices(string name)
    {
        var value = TestModels.FloatValue(name, 2, 3);
        value.Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Int64;
        return value;
    }

    private string Save(ModelProto model)
    {
        var path = _directory.File($"{Guid.NewGuid():N}.onnx");
        TestModels.Save(model, path);
        return path;
    }

    private static float[] Run(string path, long[] ids)
    {
        using var model = OnnxModel.Open(path, 1);
        var outputs = model.Run([new NamedTensor("ids", TensorDataType.Int64, [2, 3], ids)], null);
        return (float[])outputs[0].Data;
    }
}
