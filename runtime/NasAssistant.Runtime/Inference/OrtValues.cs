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
        return tensor.Data switch
        {
            string[] strings => CreateStrings(strings, shape),
            bool[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            byte[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            ushort[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            uint[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            ulong[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            sbyte[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            short[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            int[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            long[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            Float16[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            BFloat16[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            float[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            double[] a => OrtValue.CreateTensorValueFromMemory(a, shape),
            _ => throw new ArgumentException($"tensor {tensor.Name}: unsupported array type {tensor.Data.GetType().Name}", nameof(tensor)),
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
