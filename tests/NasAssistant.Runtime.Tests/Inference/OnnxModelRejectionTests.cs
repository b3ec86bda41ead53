using Microsoft.ML.OnnxRuntime;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Tests.Quantization;
using NasAssistant.Runtime.Tests.Support;
using Onnx;

namespace NasAssistant.Runtime.Tests.Inference;

public sealed class OnnxModelRejectionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void InputsTheModelRefusesWhileRunning_AreAnInvalidTensor()
    {
        // An embedding lookup: the declared shape lets any index through, and Gather refuses one past the table.
        var lookup = TestModels.Empty();
        var table = new TensorProto { Name = "table", DataType = (int)TensorProto.Types.DataType.Float };
        table.Dims.AddRange([4, 2]);
        table.FloatData.AddRange(new float[8]);
        lookup.Graph.Initializer.Add(table);
        lookup.Graph.Input.Add(Value("ids", TensorProto.Types.DataType.Int64, "n"));
        lookup.Graph.Output.Add(Value("rows", TensorProto.Types.DataType.Float, "n", "2"));
        lookup.Graph.Node.Add(TestModels.Node("Gather", "gather", ["table", "ids"], ["rows"]));
        var path = Path.Combine(_directory.Path, "lookup.onnx");
        TestModels.Save(lookup, path);
        using var model = OnnxModel.Open(path, 1);
        NamedTensor[] inputs = [new("ids", TensorDataType.Int64, [1], new long[] { 7 })];

        model.Validate(inputs, null);
        var e = Assert.Throws<InvalidTensorException>(() => model.Run(inputs, null));

        Assert.StartsWith("the model rejected the inputs: ", e.Message, StringComparison.Ordinal);
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void AFailureOfTheModelItself_StaysAnOnnxRuntimeError()
    {
        // Both inputs are [n], so [3] and [2] pass the declared shapes; Add fails to broadcast them (ORT_FAIL, not a refused argument).
        var sum = TestModels.Empty();
        sum.Graph.Input.Add(Value("a", TensorProto.Types.DataType.Float, "n"));
        sum.Graph.Input.Add(Value("b", TensorProto.Types.DataType.Float, "n"));
        sum.Graph.Output.Add(Value("sum", TensorProto.Types.DataType.Float, "n"));
        sum.Graph.Node.Add(TestModels.Node("Add", "add", ["a", "b"], ["sum"]));
        var path = Path.Combine(_directory.Path, "add.onnx");
        TestModels.Save(sum, path);
        using var model = OnnxModel.Open(path, 1);
        NamedTensor[] inputs = [new("a", TensorDataType.Fp32, [3], new float[3]), new("b", TensorDataType.Fp32, [2], new float[2])];

        model.Validate(inputs, null);

        Assert.Throws<OnnxRuntimeException>(() => model.Run(inputs, null));
    }

    public void Dispose() => _directory.Dispose();

    // A tensor value whose dimensions are named (symbolic) or fixed.
    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params string[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(long.TryParse(dim, out var size)
                ? new TensorShapeProto.Types.Dimension { DimValue = size }
                : new TensorShapeProto.Types.Dimension { DimParam = dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
