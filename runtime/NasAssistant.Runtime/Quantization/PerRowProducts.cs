using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// Writes the nodes of products whose activations are quantized one row at a time (<see cref="ActivationGranularity.PerRow"/>).
/// </summary>
/// <remarks>
/// ONNX Runtime's integer kernels take a single zero point for A, so a row's own offset cannot enter the integer product.
/// Instead each row r of A, viewed as [M, K], is shifted by its minimum m_r and quantized to uint8 with the step
/// s_r = (max_r − m_r) / 255; then A·B ≈ s_r · (q·Bq) · b_s + m_r · c, with the constant c = b_s · Σ_k Bq per column:
/// <code>
/// once per A:      x = Reshape(A, [-1, K]); m = ReduceMin(x); s = Max(ReduceMax(x) − m, tiny) / 255
///                  q = QuantizeLinear(x − m, s, axis 0); m1 = Pad(m, 1) (rows [m_r, 1]); lead = Shape(A)[:-1]
/// per product:     y = MatMulIntegerToFloat(q, Bq, s, b_s); y = Gemm(m1, [c; bias], y); Y = Reshape(y, lead ++ [N])
/// </code>
/// MatMulIntegerToFloat multiplies its whole output, bias included, by an A scale of shape [M, 1] (the ONNX Runtime this
/// project pins does; older ones accepted only a scalar), so the bias rides in the Gemm with the offsets. The nodes for one
/// A are shared by all of its products (a transformer's Q, K and V). Every small node costs a few µs; of the layouts
/// measured on all-MiniLM-L6-v2 this one was the fastest: 1.64× FP32 at batch 8 against 1.54× for keeping A 3-D
/// (a Div before a scalar QuantizeLinear, a MatMul and an Add for the offsets) and 1.43× for a Mul and a Sum.
/// </remarks>
internal sealed class PerRowProducts
{
    /// <summary>The lowest default-domain opset with per-axis QuantizeLinear, which this layout needs.</summary>
    public const int MinimumOpset = 13;

    // A row whose values are all equal has no range: any positive step quantizes it to zeros, and its offset carries it.
    private const float TinyRange = 1e-20f;

    private readonly long _opset;
    private readonly Func<string, string> _unique;
    private readonly List<TensorProto> _initializers;
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Prepared> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Input, long N), string> _outputShapes = [];

    /// <summary>Creates a writer for one graph.</summary>
    /// <param name="opset">The model's default-domain opset, at least <see cref="MinimumOpset"/>.</param>
    /// <param name="unique">Returns a name not yet used in the graph, based on the one given.</param>
    /// <param name="initializers">Where new constant tensors go.</param>
    public PerRowProducts(long opset, Func<string, string> unique, List<TensorProto> initializers)
    {
        if (opset < MinimumOpset)
        {
            throw new ArgumentOutOfRangeException(nameof(opset), opset, $"per-row activations need opset {MinimumOpset} or later");
        }

        _opset = opset;
        _unique = unique;
        _initializers = initializers;
    }

    /// <summary>The nodes that replace one product, preceded by those that quantize its A when no earlier product did.</summary>
    /// <param name="replaced">The MatMul or Gemm; its first input is A, the activations.</param>
    /// <param name="name">Base for the new node names (the replaced node's name).</param>
    /// <param name="k">Length of A's last dimension (B's rows).</param>
    /// <param name="weight">The quantized [K, N] weights; their column sums give c, each column's scale times the sum of its values.</param>
    /// <param name="bias">The bias added to the product, or null.</param>
    /// <param name="output">Name of the product's output.</param>
    public IReadOnlyList<NodeProto> Product(NodeProto replaced, string name, long k, QuantizedWeightNames weight, float[]? bias, string output)
    {
        var columnSums = weight.ColumnSums;
        var input = replaced.Input[0];
        var nodes = new List<NodeProto>();
        if (!_prepared.TryGetValue(input, out var prepared))
        {
            prepared = Prepare(input, k, nodes);
            _prepared[input] = prepared;
        }

        long n = columnSums.Length;
        if (!_outputShapes.TryGetValue((input, n), out var shape))
        {
            shape = _unique(input + "_rows_shape_" + n.ToString(CultureInfo.InvariantCulture));
            nodes.Add(Node("Concat", shape, [prepared.Lead, Int64s("n" + n.ToString(CultureInfo.InvariantCulture), n)], [shape], IntAttribute("axis", 0)));
            _outputShapes[(input, n)] = shape;
        }

        var offsets = new float[2 * n];
        columnSums.CopyTo(offsets, 0);
        bias?.CopyTo(offsets, n);
        var offsetsName = _unique(name + "_row_offsets");
        _initializers.Add(FloatTensors.Create(offsetsName, offsets, 2, n));

        var product = _unique(name + "_quant");
        string[] inputs = weight.ZeroPoint is { } zeroPoint
            ? [prepared.Quantized, weight.Values, prepared.Scale, weight.Scale, "", zeroPoint]
            : [prepared.Quantized, weight.Values, prepared.Scale, weight.Scale];
        var integer = Node(OnnxQuantizer.PerRowOpType, product, inputs, [_unique(product + "_out")]);
        integer.Domain = OnnxQuantizer.MicrosoftDomain;
        integer.DocString = replaced.DocString;
        var offset = _unique(name + "_quant_offset");
        var shifted = Node("Gemm", offset, [prepared.MinimumAndOne, offsetsName, integer.Output[0]], [_unique(offset + "_out")]);
        nodes.Add(integer);
        nodes.Add(shifted);
        nodes.Add(Node("Reshape", _unique(name + "_quant_reshape"), [shifted.Output[0], shape], [output]));
        return nodes;
    }

    private Prepared Prepare(string input, long k, List<NodeProto> nodes)
    {
        string Name(string suffix) => _unique(input + "_rows_" + suffix);

        var rows = Name("2d");
        nodes.Add(Node("Reshape", rows, [input, Int64s("rows_of_" + k.ToString(CultureInfo.InvariantCulture), -1, k)], [rows]));
        var minimum = Reduce("ReduceMin", Name("min"), rows, nodes);
        var maximum = Reduce("ReduceMax", Name("max"), rows, nodes);
        var range = Name("range");
        nodes.Add(Node("Sub", range, [maximum, minimum], [range]));
        var guarded = Name("range_guarded");
        nodes.Add(Node("Max", guarded, [range, Float("tiny_range", TinyRange)], [guarded]));
        var scale = Name("scale");
        nodes.Add(Node("Mul", scale, [guarded, Float("one_255th", 1f / 255f)], [scale]));
        var shifted = Name("shifted");
        nodes.Add(Node("Sub", shifted, [rows, minimum], [shifted]));
        var scales = Name("scales");
        nodes.Add(Node("Reshape", scales, [scale, Int64s("flat", -1)], [scales]));
        var quantized = Name("quantized");
        nodes.Add(Node("QuantizeLinear", quantized, [shifted, scales], [quantized], IntAttribute("axis", 0)));
        var minimumAndOne = Name("min_and_one");
        nodes.Add(Node("Pad", minimumAndOne, [minimum, Int64s("pad_last_column", 0, 0, 0, 1), Float("one", 1f)], [minimumAndOne]));
        var shape = Name("input_shape");
        nodes.Add(Node("Shape", shape, [input], [shape]));
        var lead = Name("lead");
        nodes.Add(Node("Slice", lead, [shape, Int64s("zero", 0), Int64s("minus_one", -1)], [lead]));
        return new Prepared(quantized, scale, minimumAndOne, lead);
    }

    private string Reduce(string opType, string name, string rows, List<NodeProto> nodes)
    {
        var keep = IntAttribute("keepdims", 1);
        if (_opset >= 18)
        {
            // Opset 18 moved the axes of ReduceMin/ReduceMax from an attribute to an input.
            nodes.Add(Node(opType, name, [rows, Int64s("axis_one", 1)], [name], keep));
        }
        else
        {
            var axes = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
            axes.Ints.Add(1);
            nodes.Add(Node(opType, name, [rows], [name], keep, axes));
        }

        return name;
    }

    private string Float(string key, float value) => Constant("f_" + key, name => FloatTensors.Create(name, [value]));

    private string Int64s(string key, params long[] values) => Constant("i_" + key, name =>
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        tensor.RawData = ByteString.CopyFrom(raw);
        return tensor;
    });

    private string Constant(string key, Func<string, TensorProto> create)
    {
        if (!_constants.TryGetValue(key, out var name))
        {
            name = _unique("per_row_" + key);
            _initializers.Add(create(name));
            _constants[key] = name;
        }

        return name;
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>The tensors shared by the products of one A.</summary>
    /// <param name="Quantized">uint8 [M, K]: the rows shifted by their minimum, in steps of their scale.</param>
    /// <param name="Scale">Each row's step, [M, 1].</param>
    /// <param name="MinimumAndOne">[M, 2]: each row's minimum and a 1, for the offsets and the bias.</param>
    /// <param name="Lead">A's shape without its last dimension.</param>
    private sealed record Prepared(string Quantized, string Scale, string MinimumAndOne, string Lead);
}
