using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>One pass over one graph: plans every candidate first, then applies the plans together.</summary>
internal sealed class GraphRewriter
{
    private readonly GraphProto _graph;
    private readonly QuantizationOptions _options;
    private readonly bool _unsigned;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(NodeProto Node, int Slot)>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedInSubgraphs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _graphOutputs;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, bool Transposed), QuantizedWeightNames> _quantized = [];
    private readonly List<TensorProto> _newInitializers = [];
    private readonly HashSet<string> _replacedInitializers = new(StringComparer.Ordinal);
    private readonly PerRowProducts? _perRow;
    private readonly RowQuantizedLookups _lookups;
    private long _weightBytesBefore;
    private long _weightBytesAfter;

    public GraphRewriter(GraphProto graph, QuantizationOptions options, bool unsignedWeights, long? perRowOpset)
    {
        _graph = graph;
        _options = options;
        _unsigned = unsignedWeights;
        _perRow = perRowOpset is { } opset ? new PerRowProducts(opset, Unique, _newInitializers) : null;
        _lookups = new RowQuantizedLookups(Unique, _newInitializers);
        foreach (var tensor in graph.Initializer)
        {
            _initializers.TryAdd(tensor.Name, tensor);
        }

        foreach (var node in graph.Node)
        {
            for (var slot = 0; slot < node.Input.Count; slot++)
            {
                if (node.Input[slot].Length == 0)
                {
                    continue;
                }

                if (!_consumers.TryGetValue(node.Input[slot], out var list))
                {
                    _consumers[node.Input[slot]] = list = [];
                }

                list.Add((node, slot));
            }

            foreach (var subgraph in node.Attribute.SelectMany(OnnxQuantizer.Subgraphs))
            {
                CollectSubgraphNames(subgraph);
            }
        }

        _graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        CollectNames(graph);
    }

    public QuantizationReport Run()
    {
        var products = _graph.Node
            .Where(n => n.Domain is "" or "ai.onnx" && n.OpType is "MatMul" or "Gemm")
            .ToArray();

        // Gathers of a constant FP32 table: embedding lookups (Gathers of shapes and indices read no such table).
        var lookups = _options.QuantizeTables
            ? _graph.Node.Where(n => n.Domain is "" or "ai.onnx" && n.OpType == "Gather" && n.Input.Count == 2 && n.Output.Count == 1
                && _initializers.TryGetValue(n.Input[0], out var table) && table.DataType == (int)TensorProto.Types.DataType.Float).ToArray()
            : [];
        if (products.Length == 0 && lookups.Length == 0)
        {
            throw new QuantizationException("the model has no MatMul or Gemm node, nor a Gather of a constant table, so there is nothing to quantize");
        }

        var skipped = new List<SkippedNode>();
        var plans = new List<ProductPlan>();
        var tables = new List<TablePlan>();
        foreach (var node in products.Concat(lookups))
        {
            if (_options.ExcludedNodes.Contains(node.Name))
            {
                skipped.Add(new SkippedNode(DisplayName(node), node.OpType, "excluded by the options"));
                continue;
            }

            ProductPlan? plan = null;
            TablePlan? table = null;
            var reason = node.OpType switch
            {
                "Gather" => PlanGather(node, out table),
                "MatMul" => PlanMatMul(node, out plan),
                _ => PlanGemm(node, out plan),
            };
            if (reason is not null)
            {
                skipped.Add(new SkippedNode(DisplayName(node), node.OpType, reason));
            }
            else if (table is not null)
            {
                tables.Add(table);
            }
            else
            {
                plans.Add(plan!);
            }
        }

        if (plans.Count == 0 && tables.Count == 0)
        {
            var reasons = string.Join("; ", skipped.Take(5).Select(s => $"{s.OpType} '{s.Name}': {s.Reason}"));
            var more = skipped.Count > 5 ? $"; and {skipped.Count - 5} more" : "";
            throw new QuantizationException(
                $"none of the {skipped.Count} MatMul/Gemm/Gather nodes can be quantized: {reasons}{more}");
        }

        Apply(plans, tables);
        return new QuantizationReport
        {
            NodesQuantized = plans.Count,
            TablesQuantized = tables.Count,
            BiasesFolded = plans.Count(p => p.FoldedAdd is not null),
            Skipped = skipped,
            PerChannel = _options.PerChannel,
            PerRowActivations = _perRow is not null,
            UnsignedWeights = _unsigned,
            WeightBytesBefore = _weightBytesBefore + _lookups.BytesBefore,
            WeightBytesAfter = _weightBytesAfter + _lookups.BytesAfter,
        };
    }

    private static string DisplayName(NodeProto node) =>
        node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault() ?? node.OpType;

    private static string Describe(NodeProto node) => $"{node.OpType} '{DisplayName(node)}'";

    private static long ElementCount(TensorProto tensor) => tensor.Dims.Aggregate(1L, (a, d) => a * d);

    private static float? FloatAttribute(NodeProto node, string name, float fallback)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
        return attribute is null ? fallback : attribute.Type == AttributeProto.Types.AttributeType.Float ? attribute.F : null;
    }

    private static long? IntAttribute(NodeProto node, string name, long fallback)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
        return attribute is null ? fallback : attribute.Type == AttributeProto.Types.AttributeType.Int ? attribute.I : null;
    }

    private string? PlanMatMul(NodeProto node, out ProductPlan? plan)
    {
        plan = null;
        if (node.Input.Count != 2 || node.Output.Count != 1)
        {
            return $"it has {node.Input.Count} inputs and {node.Output.Count} outputs, not 2 and 1";
        }

        var reason = CheckWeight(node.Input[1], transposed: false, out var k, out var n);
        if (reason is not null)
        {
            return reason;
        }

        var (bias, add) = FoldableBias(node, n);
        plan = new ProductPlan(node, node.Input[1], Transposed: false, k, n, bias, add, ReshapedBias: null);
        return null;
    }

    private string? PlanGemm(NodeProto node, out ProductPlan? plan)
    {
        plan = null;
        if (node.Input.Count is < 2 or > 3 || node.Output.Count != 1)
        {
            return $"it has {node.Input.Count} inputs and {node.Output.Count} outputs";
        }

        var alpha = FloatAttribute(node, "alpha", 1f);
        var beta = FloatAttribute(node, "beta", 1f);
        var transA = IntAttribute(node, "transA", 0);
        var transB = IntAttribute(node, "transB", 0);
        var hasBias = node.Input.Count == 3 && node.Input[2].Length > 0;
        if (alpha != 1f)
        {
            return string.Create(CultureInfo.InvariantCulture, $"alpha is {alpha}; only alpha = 1 maps onto the integer kernels");
        }

        if (hasBias && beta != 1f)
        {
            return string.Create(CultureInfo.InvariantCulture, $"beta is {beta}; only beta = 1 maps onto their bias");
        }

        if (transA != 0)
        {
            return transA is null ? "attribute transA is not an integer" : "transA = 1 (A transposed) has no quantized counterpart";
        }

        if (transB is not (0 or 1))
        {
            return "attribute transB is not 0 or 1";
        }

        var transposed = transB == 1;
        var reason = CheckWeight(node.Input[1], transposed, out var k, out var n);
        if (reason is not null)
        {
            return reason;
        }

        string? bias = null;
        TensorProto? reshaped = null;
        if (hasBias)
        {
            var name = node.Input[2];
            if (!_initializers.TryGetValue(name, out var c) || c.DataType != (int)TensorProto.Types.DataType.Float)
            {
                return $"C ('{name}') is not a constant FP32 initializer";
            }

            if (c.Dims is [var length] && length == n)
            {
                bias = name;
            }
            else if (c.Dims is [1, var columns] && columns == n)
            {
                // DynamicQuantizeMatMul takes a 1-D bias; a [1, N] C broadcasts the same way.
                reshaped = c.Clone();
                reshaped.Dims.Clear();
                reshaped.Dims.Add(n);
                reshaped.Name = bias = Unique(name + "_bias");
            }
            else
            {
                return $"C ('{name}') has shape [{string.Join(", ", c.Dims)}], not [{n}] or [1, {n}]";
            }
        }

        plan = new ProductPlan(node, node.Input[1], transposed, k, n, bias, FoldedAdd: null, reshaped);
        return null;
    }

    private string? CheckWeight(string name, bool transposed, out int k, out int n)
    {
        k = n = 0;
        var reason = CheckConstant("B", name, static c =>
            c.Slot == 1 && c.Node.Domain is "" or "ai.onnx" && c.Node.OpType is "MatMul" or "Gemm");
        if (reason is not null)
        {
            return reason;
        }

        var weight = _initializers[name];
        k = (int)weight.Dims[transposed ? 1 : 0];
        n = (int)weight.Dims[transposed ? 0 : 1];
        return null;
    }

    private string? PlanGather(NodeProto node, out TablePlan? plan)
    {
        plan = null;
        var axis = IntAttribute(node, "axis", 0);
        if (axis != 0)
        {
            return axis is null ? "attribute axis is not an integer" : $"it gathers along axis {axis}, not rows (axis 0)";
        }

        var reason = CheckConstant("the table", node.Input[0], static c =>
            c.Slot == 0 && c.Node.Domain is "" or "ai.onnx" && c.Node.OpType == "Gather" && IntAttribute(c.Node, "axis", 0) == 0);
        if (reason is not null)
        {
            return reason;
        }

        plan = new TablePlan(node, _initializers[node.Input[0]]);
        return null;
    }

    // A constant FP32 matrix that only the nodes the rewrite replaces read (role: how the reason names it).
    private string? CheckConstant(string role, string name, Func<(NodeProto Node, int Slot), bool> replaceable)
    {
        if (!_initializers.TryGetValue(name, out var weight))
        {
            return $"{role} ('{name}') is computed at run time, not a constant initializer";
        }

        if (weight.DataType != (int)TensorProto.Types.DataType.Float)
        {
            return $"{role} ('{name}') is {(TensorProto.Types.DataType)weight.DataType}, not FP32";
        }

        if (weight.Dims.Count != 2)
        {
            return $"{role} ('{name}') has rank {weight.Dims.Count}; only matrices are quantized";
        }

        var elements = ElementCount(weight);
        if (weight.Dims.Any(d => d <= 0) || elements > int.MaxValue)
        {
            return $"{role} ('{name}') has shape [{string.Join(", ", weight.Dims)}]";
        }

        if (elements < _options.MinimumElements)
        {
            return $"{role} ('{name}') has {elements} elements, fewer than the minimum of {_options.MinimumElements}";
        }

        if (weight.RawData.Length != elements * sizeof(float) && weight.FloatData.Count != elements)
        {
            return $"{role} ('{name}') holds {Math.Max(weight.RawData.Length / sizeof(float), weight.FloatData.Count)} values for {elements} elements";
        }

        if (_graphOutputs.Contains(name))
        {
            return $"{role} ('{name}') is also a graph output";
        }

        if (_usedInSubgraphs.Contains(name))
        {
            return $"{role} ('{name}') is also used inside a subgraph";
        }

        var other = _consumers[name].FirstOrDefault(c => !replaceable(c));
        if (other.Node is not null)
        {
            return $"{role} ('{name}') is also input {other.Slot} of {Describe(other.Node)}";
        }

        return AllFinite(weight) ? null : $"{role} ('{name}') contains NaN or infinity";
    }

    private (string? Bias, NodeProto? Add) FoldableBias(NodeProto node, int n)
    {
        var output = node.Output[0];
        if (!_options.FoldBias || _graphOutputs.Contains(output) || _usedInSubgraphs.Contains(output)
            || !_consumers.TryGetValue(output, out var consumers) || consumers.Count != 1)
        {
            return (null, null);
        }

        var (add, slot) = consumers[0];
        if (add.OpType != "Add" || add.Domain is not ("" or "ai.onnx") || add.Input.Count != 2 || add.Output.Count != 1)
        {
            return (null, null);
        }

        var biasName = add.Input[1 - slot];
        return biasName != output
            && _initializers.TryGetValue(biasName, out var bias)
            && bias.DataType == (int)TensorProto.Types.DataType.Float
            && bias.Dims is [var length] && length == n
            && ElementCount(bias) == Math.Max(bias.RawData.Length / sizeof(float), bias.FloatData.Count)
            ? (biasName, add)
            : (null, null);
    }

    private void Apply(List<ProductPlan> plans, List<TablePlan> tables)
    {
        var replacements = new Dictionary<NodeProto, IReadOnlyList<NodeProto>>(ReferenceEqualityComparer.Instance);
        foreach (var table in tables)
        {
            replacements[table.Node] = _lookups.Lookup(table.Node, DisplayName(table.Node), table.Table);
            _replacedInitializers.Add(table.Table.Name);
        }

        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var vanished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            var weight = QuantizedWeight(plan);
            var node = plan.Node;
            var output = node.Output[0];
            if (plan.FoldedAdd is not null)
            {
                output = plan.FoldedAdd.Output[0];
                removed.Add(plan.FoldedAdd);
                vanished.Add(node.Output[0]);
            }

            replacements[node] = _perRow is null ? [PerTensorProduct(plan, weight, output)] : PerRowProduct(plan, weight, output);
        }

        var nodes = _graph.Node
            .Where(n => !removed.Contains(n))
            .SelectMany(n => replacements.GetValueOrDefault(n, [n]))
            .ToArray();
        _graph.Node.Clear();
        _graph.Node.AddRange(nodes);
        _graph.Initializer.AddRange(_newInitializers);

        var used = _graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        used.UnionWith(_usedInSubgraphs);
        used.UnionWith(_graphOutputs);
        var unused = _replacedInitializers.Where(name => !used.Contains(name)).ToHashSet(StringComparer.Ordinal);
        RemoveWhere(_graph.Initializer, t => unused.Contains(t.Name));
        RemoveWhere(_graph.Input, i => unused.Contains(i.Name));
        RemoveWhere(_graph.ValueInfo, v => vanished.Contains(v.Name));
    }

    private NodeProto PerTensorProduct(ProductPlan plan, QuantizedWeightNames weight, string output)
    {
        var node = plan.Node;
        var quantized = new NodeProto
        {
            Name = Unique(DisplayName(node) + "_quant"),
            OpType = OnnxQuantizer.PerTensorOpType,
            Domain = OnnxQuantizer.MicrosoftDomain,
            DocString = node.DocString,
        };
        quantized.Input.Add(node.Input[0]);
        quantized.Input.Add(weight.Values);
        quantized.Input.Add(weight.Scale);
        if (weight.ZeroPoint is not null || plan.Bias is not null)
        {
            // An empty name leaves the zero point out: signed weights have zero point 0, the default.
            quantized.Input.Add(weight.ZeroPoint ?? "");
        }

        if (plan.ReshapedBias is not null)
        {
            _newInitializers.Add(plan.ReshapedBias);
            _replacedInitializers.Add(node.Input[2]);
        }

        if (plan.Bias is not null)
        {
            quantized.Input.Add(plan.Bias);
        }

        quantized.Output.Add(output);
        return quantized;
    }

    private IReadOnlyList<NodeProto> PerRowProduct(ProductPlan plan, QuantizedWeightNames weight, string output)
    {
        float[]? bias = null;
        if (plan.Bias is not null)
        {
            // The bias moves into the per-row offsets; its initializer goes unless something else reads it.
            bias = FloatTensors.Read(plan.ReshapedBias ?? _initializers[plan.Bias]);
            _replacedInitializers.Add(plan.ReshapedBias is null ? plan.Bias : plan.Node.Input[2]);
        }

        _weightBytesAfter += weight.ColumnSums.Length * sizeof(float);
        return _perRow!.Product(plan.Node, DisplayName(plan.Node), plan.K, weight, bias, output);
    }

    private QuantizedWeightNames QuantizedWeight(ProductPlan plan)
    {
        if (_quantized.TryGetValue((plan.Weight, plan.Transposed), out var existing))
        {
            return existing;
        }

        var weight = _initializers[plan.Weight];
        var (values, scales) = SymmetricInt8.Quantize(FloatTensors.Read(weight), plan.K, plan.N, plan.Transposed, _options.PerChannel, SymmetricInt8.Qmax);
        var baseName = plan.Weight + (plan.Transposed ? "_transposed" : "");
        var valuesTensor = new TensorProto
        {
            Name = Unique(baseName + "_quantized"),
            DataType = (int)(_unsigned ? TensorProto.Types.DataType.Uint8 : TensorProto.Types.DataType.Int8),
            RawData = _unsigned ? ByteString.CopyFrom(SymmetricInt8.Unsigned(values)) : ByteString.CopyFrom((ReadOnlySpan<byte>)MemoryMarshal.AsBytes(values.AsSpan())),
        };
        valuesTensor.Dims.Add(plan.K);
        valuesTensor.Dims.Add(plan.N);

        var scaleBytes = new byte[scales.Length * sizeof(float)];
        for (var i = 0; i < scales.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(i * sizeof(float)), scales[i]);
        }

        var scaleTensor = new TensorProto
        {
            Name = Unique(baseName + "_scale"),
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(scaleBytes),
        };
        if (_options.PerChannel)
        {
            scaleTensor.Dims.Add(plan.N);
        }

        _newInitializers.Add(valuesTensor);
        _newInitializers.Add(scaleTensor);
        string? zeroPoint = null;
        if (_unsigned)
        {
            var zeroPoints = new TensorProto
            {
                Name = Unique(baseName + "_zero_point"),
                DataType = (int)TensorProto.Types.DataType.Uint8,
                RawData = ByteString.CopyFrom(Enumerable.Repeat((byte)SymmetricInt8.UnsignedZeroPoint, scales.Length).ToArray()),
            };
            zeroPoints.Dims.AddRange(scaleTensor.Dims);
            _newInitializers.Add(zeroPoints);
            zeroPoint = zeroPoints.Name;
        }

        _replacedInitializers.Add(plan.Weight);
        _weightBytesBefore += (long)plan.K * plan.N * sizeof(float);
        _weightBytesAfter += values.Length + scaleBytes.Length;
        var names = new QuantizedWeightNames(
            valuesTensor.Name, scaleTensor.Name, zeroPoint, _perRow is null ? [] : ColumnSums(values, scales, plan.K, plan.N));
        _quantized[(plan.Weight, plan.Transposed)] = names;
        return names;
    }

    // Σ_k B[k, n] as the quantized weights say it: scale of column n times the sum of its int8 values.
    private static float[] ColumnSums(sbyte[] values, float[] scales, int k, int n)
    {
        var sums = new long[n];
        for (var row = 0; row < k; row++)
        {
            for (var column = 0; column < n; column++)
            {
                sums[column] += values[(row * n) + column];
            }
        }

        var result = new float[n];
        for (var column = 0; column < n; column++)
        {
            result[column] = (float)(sums[column] * (double)scales[scales.Length == 1 ? 0 : column]);
        }

        return result;
    }

    private static bool AllFinite(TensorProto tensor)
    {
        if (tensor.RawData.Length == 0)
        {
            return tensor.FloatData.All(float.IsFinite);
        }

        var raw = tensor.RawData.Span;
        for (var i = 0; i < raw.Length; i += sizeof(float))
        {
            if (!float.IsFinite(BinaryPrimitives.ReadSingleLittleEndian(raw[i..])))
            {
                return false;
            }
        }

        return true;
    }

    private static void RemoveWhere<T>(Google.Protobuf.Collections.RepeatedField<T> field, Func<T, bool> predicate)
    {
        for (var i = field.Count - 1; i >= 0; i--)
        {
            if (predicate(field[i]))
            {
                field.RemoveAt(i);
            }
        }
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; !_names.Add(candidate); i++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{name}_{i}");
        }

        return candidate;
    }

    private void CollectNames(GraphProto graph)
    {
        _names.UnionWith(graph.Input.Select(v => v.Name));
        _names.UnionWith(graph.Output.Select(v => v.Name));
        _names.UnionWith(graph.ValueInfo.Select(v => v.Name));
        _names.UnionWith(graph.Initializer.Select(t => t.Name));
        _names.UnionWith(graph.SparseInitializer.Where(s => s.Values is not null).Select(s => s.Values.Name));
        foreach (var node in graph.Node)
        {
            _names.Add(node.Name);
            _names.UnionWith(node.Input);
            _names.UnionWith(node.Output);
            foreach (var subgraph in node.Attribute.SelectMany(OnnxQuantizer.Subgraphs))
            {
                CollectNames(subgraph);
            }
        }
    }

    private void CollectSubgraphNames(GraphProto graph)
    {
        foreach (var node in graph.Node)
        {
            _usedInSubgraphs.UnionWith(node.Input);
            foreach (var subgraph in node.Attribute.SelectMany(OnnxQuantizer.Subgraphs))
            {
                CollectSubgraphNames(subgraph);
            }
        }
    }
}
