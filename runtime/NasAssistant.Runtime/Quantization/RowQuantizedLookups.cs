using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// Writes the nodes of lookups (<c>Gather</c> along axis 0) into a constant table stored as int8 rows with one scale each:
/// a transformer's word-embedding table, the largest tensor of a small encoder (47 of all-MiniLM-L6-v2's 91 MB).
/// </summary>
/// <remarks>
/// <code>
/// Y = Gather(T, ids)   becomes   Y = Mul(Cast(Gather(Tq, ids), float), Gather(s, ids))
/// </code>
/// with Tq the int8 [V, D] rows and s their scales stored [V, 1], so each gathered scale broadcasts over its row. Only the
/// rows a batch asks for are widened to FP32, and the table stays int8 in memory. A <c>DequantizeLinear</c> of the whole
/// table before the Gather would instead run over all V rows at every call, or be folded back into an FP32 copy at load.
/// Cast and Mul compute q × s in FP32 exactly as <c>DequantizeLinear</c> does. The rows are signed whatever the CPU: no integer
/// product reads them.
/// </remarks>
internal sealed class RowQuantizedLookups
{
    private readonly Func<string, string> _unique;
    private readonly List<TensorProto> _initializers;
    private readonly Dictionary<string, (string Values, string Scales)> _tables = new(StringComparer.Ordinal);

    /// <summary>Creates a writer for one graph.</summary>
    /// <param name="unique">Returns a name not yet used in the graph, based on the one given.</param>
    /// <param name="initializers">Where the quantized tables go.</param>
    public RowQuantizedLookups(Func<string, string> unique, List<TensorProto> initializers)
    {
        _unique = unique;
        _initializers = initializers;
    }

    /// <summary>Bytes of the FP32 tables replaced so far.</summary>
    public long BytesBefore { get; private set; }

    /// <summary>Bytes of their int8 rows and scales.</summary>
    public long BytesAfter { get; private set; }

    /// <summary>The nodes that replace one lookup; the table is quantized once however many lookups read it.</summary>
    /// <param name="replaced">The Gather; its inputs are the table and the indices.</param>
    /// <param name="name">Base for the new node names (the replaced node's name).</param>
    /// <param name="table">The constant FP32 [V, D] table, checked by the caller.</param>
    public IReadOnlyList<NodeProto> Lookup(NodeProto replaced, string name, TensorProto table)
    {
        if (!_tables.TryGetValue(table.Name, out var quantized))
        {
            quantized = Quantize(table);
            _tables[table.Name] = quantized;
        }

        var indices = replaced.Input[1];
        var rows = Node("Gather", name + "_quant", [quantized.Values, indices], replaced);
        var scales = Node("Gather", name + "_quant_scales", [quantized.Scales, indices], replaced);
        var widened = Node("Cast", name + "_quant_cast", [rows.Output[0]], replaced);
        widened.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        var scaled = Node("Mul", name + "_quant_scale", [widened.Output[0], scales.Output[0]], replaced, replaced.Output[0]);
        return [rows, scales, widened, scaled];
    }

    private (string Values, string Scales) Quantize(TensorProto table)
    {
        var (rows, columns) = ((int)table.Dims[0], (int)table.Dims[1]);
        var (values, scales) = SymmetricInt8.QuantizeRows(FloatTensors.Read(table), rows, columns, SymmetricInt8.Qmax);
        var valuesTensor = new TensorProto
        {
            Name = _unique(table.Name + "_quantized"),
            DataType = (int)TensorProto.Types.DataType.Int8,
            RawData = ByteString.CopyFrom((ReadOnlySpan<byte>)MemoryMarshal.AsBytes(values.AsSpan())),
        };
        valuesTensor.Dims.AddRange([rows, columns]);
        var scalesTensor = FloatTensors.Create(_unique(table.Name + "_row_scale"), scales, rows, 1);
        _initializers.Add(valuesTensor);
        _initializers.Add(scalesTensor);
        BytesBefore += (long)rows * columns * sizeof(float);
        BytesAfter += values.Length + ((long)scales.Length * sizeof(float));
        return (valuesTensor.Name, scalesTensor.Name);
    }

    // A node with a fresh name and, unless given, a fresh output, keeping the replaced node's documentation.
    private NodeProto Node(string opType, string name, string[] inputs, NodeProto replaced, string? output = null)
    {
        var node = new NodeProto { OpType = opType, Name = _unique(name), DocString = replaced.DocString };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? _unique(node.Name + "_out"));
        return node;
    }
}
