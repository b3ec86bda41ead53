using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NasAssistant.Runtime.Inference;

namespace NasAssistant.Runtime.Api.KServe;

/// <summary>Converts KServe v2 JSON tensors to and from <see cref="NamedTensor"/>.</summary>
internal static class TensorJson
{
    /// <summary>Largest tensor accepted, in elements; the body limit bounds it too, this keeps a shape from claiming more.</summary>
    public const long MaxElements = 64L * 1024 * 1024;

    /// <summary>Reads one input, checking datatype, shape and element count.</summary>
    /// <exception cref="InvalidTensorException">The input is malformed; the message names it.</exception>
    public static NamedTensor Decode(InferInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidTensorException("an input tensor has no name");
        }

        if (!TensorDataTypes.TryParse(input.Datatype, out var type))
        {
            throw new InvalidTensorException(
                $"input tensor '{name}' has datatype '{input.Datatype}'; expected one of {TensorDataTypes.AllNames}");
        }

        if (input.Shape is null)
        {
            throw new InvalidTensorException($"input tensor '{name}' has no shape");
        }

        var shape = input.Shape.ToArray();
        if (shape.Any(d => d < 0))
        {
            throw new InvalidTensorException($"input tensor '{name}' has a negative dimension in shape [{string.Join(',', shape)}]");
        }

        long expected;
        try
        {
            expected = NamedTensor.ShapeElementCount(shape);
        }
        catch (OverflowException)
        {
            expected = long.MaxValue;
        }

        if (expected > MaxElements)
        {
            throw new InvalidTensorException($"input tensor '{name}' is too large: shape [{string.Join(',', shape)}]");
        }

        var elements = new List<JsonElement>((int)expected);
        if (input.Data.ValueKind is JsonValueKind.Array)
        {
            Flatten(input.Data, elements, name, expected);
        }
        else if (input.Data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            elements.Add(input.Data);
        }
        else
        {
            throw new InvalidTensorException($"input tensor '{name}' has no data");
        }

        if (elements.Count != expected)
        {
            throw new InvalidTensorException(
                $"input tensor '{name}' has {elements.Count} elements but shape [{string.Join(',', shape)}] needs {expected}");
        }

        try
        {
            return new NamedTensor(name, type, shape, Convert(type, elements));
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException)
        {
            throw new InvalidTensorException($"input tensor '{name}' has data that is not {TensorDataTypes.Name(type)}: {e.Message}", e);
        }
    }

    /// <summary>Writes one output with flat data.</summary>
    public static InferOutput Encode(NamedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        // By declared type: the CLR lets sbyte[] pass as byte[], so array type patterns could lose signs.
        // Narrow integers widen to int (byte[] would serialize as base64); half floats widen to float.
        object data = tensor.DataType switch
        {
            TensorDataType.UInt8 => ((byte[])tensor.Data).Select(v => (int)v).ToArray(),
            TensorDataType.Int8 => ((sbyte[])tensor.Data).Select(v => (int)v).ToArray(),
            TensorDataType.Int16 => ((short[])tensor.Data).Select(v => (int)v).ToArray(),
            TensorDataType.UInt16 => ((ushort[])tensor.Data).Select(v => (int)v).ToArray(),
            TensorDataType.Fp16 => ((Float16[])tensor.Data).Select(v => v.ToFloat()).ToArray(),
            TensorDataType.Bf16 => ((BFloat16[])tensor.Data).Select(v => v.ToFloat()).ToArray(),
            _ => tensor.Data,
        };
        return new InferOutput(tensor.Name, TensorDataTypes.Name(tensor.DataType), tensor.Shape, data);
    }

    private static void Flatten(JsonElement array, List<JsonElement> into, string name, long limit)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, into, name, limit);
            }
            else
            {
                into.Add(item);
            }

            if (into.Count > limit)
            {
                throw new InvalidTensorException($"input tensor '{name}' has more elements than its shape");
            }
        }
    }

    private static Array Convert(TensorDataType type, List<JsonElement> items) => type switch
    {
        TensorDataType.Bool => items.Select(e => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"'{e.GetRawText()}' is not true or false"),
        }).ToArray(),
        TensorDataType.UInt8 => items.Select(e => Number(e).GetByte()).ToArray(),
        TensorDataType.UInt16 => items.Select(e => Number(e).GetUInt16()).ToArray(),
        TensorDataType.UInt32 => items.Select(e => Number(e).GetUInt32()).ToArray(),
        TensorDataType.UInt64 => items.Select(e => Number(e).GetUInt64()).ToArray(),
        TensorDataType.Int8 => items.Select(e => Number(e).GetSByte()).ToArray(),
        TensorDataType.Int16 => items.Select(e => Number(e).GetInt16()).ToArray(),
        TensorDataType.Int32 => items.Select(e => Number(e).GetInt32()).ToArray(),
        TensorDataType.Int64 => items.Select(e => Number(e).GetInt64()).ToArray(),
        TensorDataType.Fp16 => items.Select(e => (Float16)(float)Floating(e)).ToArray(),
        TensorDataType.Bf16 => items.Select(e => (BFloat16)(float)Floating(e)).ToArray(),
        TensorDataType.Fp32 => items.Select(e => (float)Floating(e)).ToArray(),
        TensorDataType.Fp64 => items.Select(Floating).ToArray(),
        TensorDataType.Bytes => items.Select(e => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new FormatException($"'{e.GetRawText()}' is not a string")).ToArray(),
        _ => throw new InvalidOperationException($"unsupported datatype {type}"),
    };

    private static JsonElement Number(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number ? element : throw new FormatException($"'{element.GetRawText()}' is not a number");

    private static double Floating(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),

        // JSON has no NaN or infinity; KServe clients send them as strings.
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
        },
        _ => throw new FormatException($"'{element.GetRawText()}' is not a number"),
    };
}
