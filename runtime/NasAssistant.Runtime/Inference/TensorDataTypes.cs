using Microsoft.ML.OnnxRuntime.Tensors;

namespace NasAssistant.Runtime.Inference;

/// <summary>Maps element types between KServe names, ONNX Runtime and CLR arrays.</summary>
internal static class TensorDataTypes
{
    private static readonly (TensorDataType Type, string Name, TensorElementType Onnx)[] Table =
    [
        (TensorDataType.Bool, "BOOL", TensorElementType.Bool),
        (TensorDataType.UInt8, "UINT8", TensorElementType.UInt8),
        (TensorDataType.UInt16, "UINT16", TensorElementType.UInt16),
        (TensorDataType.UInt32, "UINT32", TensorElementType.UInt32),
        (TensorDataType.UInt64, "UINT64", TensorElementType.UInt64),
        (TensorDataType.Int8, "INT8", TensorElementType.Int8),
        (TensorDataType.Int16, "INT16", TensorElementType.Int16),
        (TensorDataType.Int32, "INT32", TensorElementType.Int32),
        (TensorDataType.Int64, "INT64", TensorElementType.Int64),
        (TensorDataType.Fp16, "FP16", TensorElementType.Float16),
        (TensorDataType.Bf16, "BF16", TensorElementType.BFloat16),
        (TensorDataType.Fp32, "FP32", TensorElementType.Float),
        (TensorDataType.Fp64, "FP64", TensorElementType.Double),
        (TensorDataType.Bytes, "BYTES", TensorElementType.String),
    ];

    /// <summary>The KServe name, e.g. <c>FP32</c>.</summary>
    public static string Name(TensorDataType type) => Table.First(t => t.Type == type).Name;

    /// <summary>Parses a KServe name (case-sensitive as the protocol specifies).</summary>
    public static bool TryParse(string? name, out TensorDataType type)
    {
        foreach (var entry in Table)
        {
            if (entry.Name == name)
            {
                type = entry.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The KServe type of an ONNX element type, or null when KServe has none (e.g. complex).</summary>
    public static TensorDataType? FromOnnx(TensorElementType onnx)
    {
        foreach (var entry in Table)
        {
            if (entry.Onnx == onnx)
            {
                return entry.Type;
            }
        }

        return null;
    }

    /// <summary>The ONNX element type of a KServe type.</summary>
    public static TensorElementType ToOnnx(TensorDataType type) => Table.First(t => t.Type == type).Onnx;

    /// <summary>All KServe names, for error messages.</summary>
    public static string AllNames => string.Join(", ", Table.Select(t => t.Name));
}
