namespace NasAssistant.Runtime.Inference;

/// <summary>
/// A tensor with its name: row-major data in a CLR array whose element type matches
/// <see cref="DataType"/> (bool, byte, ushort, uint, ulong, sbyte, short, int, long, Float16,
/// BFloat16, float, double or string).
/// </summary>
internal sealed record NamedTensor(string Name, TensorDataType DataType, long[] Shape, Array Data)
{
    /// <summary>Number of elements the shape describes.</summary>
    public long ElementCount => ShapeElementCount(Shape);

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public static long ShapeElementCount(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var dimension in shape)
        {
            count = checked(count * dimension);
        }

        return count;
    }
}
