using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>FP32 ONNX initializers, written as little-endian raw data as ONNX stores them.</summary>
internal static class FloatTensors
{
    /// <summary>A float tensor named <paramref name="name"/> holding <paramref name="values"/> in the shape <paramref name="dims"/>.</summary>
    public static TensorProto Create(string name, float[] values, params long[] dims)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>The values of a float tensor, from its raw data or its float_data list.</summary>
    public static float[] Read(TensorProto tensor)
    {
        if (tensor.RawData.Length == 0)
        {
            return [.. tensor.FloatData];
        }

        var raw = tensor.RawData.Span;
        var values = new float[raw.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }

        return values;
    }
}
