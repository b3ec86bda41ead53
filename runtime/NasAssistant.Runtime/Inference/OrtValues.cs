using Microsoft.ML.OnnxRuntime;

namespace NasAssistant.Runtime.Inference;

/// <summary>Converts between <see cref="NamedTensor"/> and ONNX Runtime values.</summary>
internal static class OrtValues
{
    /// <summary>Wraps the tensor's array (no copy for numeric types); the caller disposes the value.</summary>
    public static OrtValue Create(NamedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        // Dispatch on the declared type, not the array's: the CLR lets long[] pass as ulong[] (and int[]
        // as uint[], sbyte[] as byte[]), so a type pattern could pick the wrong ONNX element type.
        return tensor.DataType switch
        {
            TensorDataType.Bytes => CreateStrings((string[])tensor.Data, shape),
            TensorDataType.Bool => OrtValue.CreateTensorValueFromMemory((bool[])tensor.Data, shape),
            TensorDataType.UInt8 => OrtValue.CreateTensorValueFromMemory((byte[])tensor.Data, shape),
            TensorDataType.UInt16 => OrtValue.CreateTensorValueFromMemory((ushort[])tensor.Data, shape),
            TensorDataType.UInt32 => OrtValue.CreateTensorValueFromMemory((uint[])tensor.Data, shape),
            TensorDataType.UInt64 => OrtValue.CreateTensorValueFromMemory((ulong[])tensor.Data, shape),
            TensorDataType.Int8 => OrtValue.CreateTensorValueFromMemory((sbyte[])tensor.Data, shape),
            TensorDataType.Int16 => OrtValue.CreateTensorValueFromMemory((short[])tensor.Data, shape),
            TensorDataType.Int32 => OrtValue.CreateTensorValueFromMemory((int[])tensor.Data, shape),
            TensorDataType.Int64 => OrtValue.CreateTensorValueFromMemory((long[])tensor.Data, shape),
            TensorDataType.Fp16 => OrtValue.CreateTensorValueFromMemory((Float16[])tensor.Data, shape),
            TensorDataType.Bf16 => OrtValue.CreateTensorValueFromMemory((BFloat16[])tensor.Data, shape),
            TensorDataType.Fp32 => OrtValue.CreateTensorValueFromMemory((float[])tensor.Data, shape),
            TensorDataType.Fp64 => OrtValue.CreateTensorValueFromMemory((double[])tensor.Data, shape),
            _ => throw new ArgumentException($"tensor {tensor.Name}: unsupported datatype {tensor.DataType}", nameof(tensor)),
        };
    }

    /// <summary>Copies an output value into a managed tensor.</summary>
    /// <exception cref="InvalidTensorException">The output is not a tensor of a KServe type.</exception>
    public static NamedTensor Read(string name, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.IsTensor)
        {
            throw new InvalidTensorException($"output {name} is a {value.OnnxType}, which KServe v2 cannot carry");
        }

        var info = value.GetTensorTypeAndShape();
        var type = TensorDataTypes.FromOnnx(info.ElementDataType)
            ?? throw new InvalidTensorException($"output {name} has element type {info.ElementDataType}, which KServe v2 cannot carry");
        Array data = type switch
        {
            TensorDataType.Bytes => value.GetStringTensorAsArray(),
            TensorDataType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorDataType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorDataType.UInt16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            TensorDataType.UInt32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorDataType.UInt64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            TensorDataType.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorDataType.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            TensorDataType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorDataType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorDataType.Fp16 => value.GetTensorDataAsSpan<Float16>().ToArray(),
            TensorDataType.Bf16 => value.GetTensorDataAsSpan<BFloat16>().ToArray(),
            TensorDataType.Fp32 => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorDataType.Fp64 => value.GetTensorDataAsSpan<double>().ToArray(),
            _ => throw new InvalidTensorException($"output {name}: unsupported type {type}"),
        };
        return new NamedTensor(name, type, info.Shape, data);
    }

    private static OrtValue CreateStrings(string[] strings, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        try
        {
            for (var i = 0; i < strings.Length; i++)
            {
                value.StringTensorSetElementAt(strings[i].AsSpan(), i);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}
