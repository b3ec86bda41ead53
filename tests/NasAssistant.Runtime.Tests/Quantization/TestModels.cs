using System.Buffers.Binary;
using Google.Protobuf;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Quantization;
using Onnx;

namespace NasAssistant.Runtime.Tests.Quantization;

/// <summary>Small ONNX models built with OnnxSharp, and running them through ONNX Runtime.</summary>
public static class TestModels
{
    public static ModelProto Empty(int opset = 13)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "quantization-tests", Graph = new GraphProto { Name = "test" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }


    public static ValueInfoProto FloatValue(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>Y = A × B with B a [K, N] initializer (optionally + bias through an Add).</summary>
    public static ModelProto MatMul(int m, int k, int n, int seed, bool withBias = false)
    {
        var random = new Random(seed);
        var model = Empty();
        var graph = model.Graph;
        graph.Input.Add(FloatValue("a", m, k));
        graph.Output.Add(FloatValue("y", m, n));
        graph.Initializer.Add(FloatTensors.Create("w", RandomValues(random, k * n), k, n));
        if (withBias)
        {
            graph.Initializer.Add(FloatTensors.Create("bias", RandomValues(random, n), n));
            graph.Node.Add(Node("MatMul", "product", ["a", "w"], ["product_out"]));
            graph.Node.Add(Node("Add", "add_bias", ["bias", "product_out"], ["y"]));
        }
        else
        {
            graph.Node.Add(Node("MatMul", "product", ["a", "w"], ["y"]));
        }

        return model;
    }

    public static float[] RandomValues(Random random, int count, float magnitude = 1f) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * magnitude).ToArray();

    public static void Save(ModelProto model, string path)
    {
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.RawData.Length == 0)
        {
            return [.. tensor.FloatData];
        }

        var values = new float[tensor.RawData.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(tensor.RawData.Span[(i * sizeof(float))..]);
        }

        return values;
    }

    /// <summary>Runs a model with float inputs through the runtime's own session wrapper and returns its first output.</summary>
    public static float[] Run(string path, params (string Name, float[] Data, long[] Shape)[] inputs)
    {
        using var model = OnnxModel.Open(path, 1);
        var outputs = model.Run(inputs.Select(i => new NamedTensor(i.Name, TensorDataType.Fp32, i.Shape, i.Data)).ToArray(), null);
        return (float[])outputs[0].Data;
    }

    /// <summary>Row-major [M, K] × [K, N] in double precision.</summary>
    public static double[] Multiply(float[] a, float[] b, int m, int k, int n)
    {
        var y = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    sum += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                y[(i * n) + j] = sum;
            }
        }

        return y;
    }

    /// <summary>
    /// The worst-case error of a quantized product for each output: A is quantized to uint8 with step
    /// a_s = (max(A, 0) - min(A, 0)) / 255 per tensor, or (max - min) / 255 of each row when <paramref name="perRow"/>
    /// (an error of up to one step, as a rounded zero point can shift the grid), B column n to int8 with step b_s[n]
    /// (error up to half a step); |ΔY| ≤ a_s·Σ|B| + b_s/2·Σ(|A| + a_s).
    /// </summary>
    public static double[] ErrorBound(float[] a, float[] b, float[] columnScales, int m, int k, int n, bool perRow = false)
    {
        var tensorStep = (Math.Max(a.Max(), 0f) - Math.Min(a.Min(), 0f)) / 255.0;
        var bound = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            var row = a[(i * k)..((i + 1) * k)];
            var step = perRow ? (row.Max() - row.Min()) / 255.0 : tensorStep;
            for (var j = 0; j < n; j++)
            {
                double fromA = 0, fromB = 0;
                for (var p = 0; p < k; p++)
                {
                    fromA += step * Math.Abs(b[(p * n) + j]);
                    fromB += Math.Abs(a[(i * k) + p]) + step;
                }

                var scale = columnScales.Length == 1 ? columnScales[0] : columnScales[j];
                bound[(i * n) + j] = fromA + (scale / 2.0 * fromB) + 1e-4;
            }
        }

        return bound;
    }
}
