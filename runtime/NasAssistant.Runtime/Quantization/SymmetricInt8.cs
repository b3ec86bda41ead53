namespace NasAssistant.Runtime.Quantization;

/// <summary>Symmetric int8 quantization of a weight matrix: zero point 0, q = round(w / scale).</summary>
internal static class SymmetricInt8
{
    /// <summary>Largest magnitude of a quantized value: the symmetric int8 range [-127, 127].</summary>
    public const int Qmax = 127;

    /// <summary>Zero point of weights stored unsigned (<see cref="WeightEncoding.Unsigned"/>).</summary>
    public const int UnsignedZeroPoint = 128;

    /// <summary>The same values as uint8 with zero point <see cref="UnsignedZeroPoint"/>: q + 128, in [1, 255].</summary>
    public static byte[] Unsigned(sbyte[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (byte)(values[i] + UnsignedZeroPoint);
        }

        return result;
    }

    /// <summary>
    /// Quantizes the logical [K, N] matrix B, given row-major as [K, N] or, when
    /// <paramref name="transposed"/>, as [N, K] (Gemm's transB), into a row-major [K, N] int8 matrix.
    /// </summary>
    /// <param name="weights">The FP32 values as stored.</param>
    /// <param name="k">Rows of the logical B (the reduction length).</param>
    /// <param name="n">Columns of the logical B (output channels).</param>
    /// <param name="transposed">True when <paramref name="weights"/> holds B transposed.</param>
    /// <param name="perChannel">One scale per column when true, one for the whole matrix when false.</param>
    /// <param name="qmax">Largest magnitude of a quantized value (<see cref="Qmax"/>).</param>
    /// <returns>The [K, N] values and the scales (N of them, or one); B ≈ values × scale of the column.</returns>
    public static (sbyte[] Values, float[] Scales) Quantize(ReadOnlySpan<float> weights, int k, int n, bool transposed, bool perChannel, int qmax)
    {
        if (weights.Length != (long)k * n)
        {
            throw new ArgumentException($"{weights.Length} weights do not make a {k}x{n} matrix", nameof(weights));
        }

        var absMax = new float[n];
        for (var row = 0; row < k; row++)
        {
            for (var column = 0; column < n; column++)
            {
                absMax[column] = MathF.Max(absMax[column], MathF.Abs(weights[Index(row, column, k, n, transposed)]));
            }
        }

        var scales = perChannel ? new float[n] : new float[1];
        if (perChannel)
        {
            for (var column = 0; column < n; column++)
            {
                scales[column] = Scale(absMax[column], qmax);
            }
        }
        else
        {
            var max = 0f;
            foreach (var value in absMax)
            {
                max = MathF.Max(max, value);
            }

            scales[0] = Scale(max, qmax);
        }

        var values = new sbyte[weights.Length];
        for (var row = 0; row < k; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var scale = scales[perChannel ? column : 0];
                var q = MathF.Round(weights[Index(row, column, k, n, transposed)] / scale, MidpointRounding.ToEven);
                values[(row * n) + column] = (sbyte)Math.Clamp(q, -qmax, qmax);
            }
        }

        return (values, scales);
    }

    /// <summary>
    /// Quantizes a row-major [rows, columns] table with one scale per row, as an embedding table is read: a row at a time.
    /// </summary>
    /// <param name="table">The FP32 values, row-major.</param>
    /// <param name="rows">Rows of the table (the vocabulary).</param>
    /// <param name="columns">Length of each row.</param>
    /// <param name="qmax">Largest magnitude of a quantized value.</param>
    /// <returns>The [rows, columns] values and one scale per row; table ≈ values × scale of the row.</returns>
    public static (sbyte[] Values, float[] Scales) QuantizeRows(ReadOnlySpan<float> table, int rows, int columns, int qmax)
    {
        if (table.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{table.Length} values do not make a {rows}x{columns} table", nameof(table));
        }

        var values = new sbyte[table.Length];
        var scales = new float[rows];
        for (var row = 0; row < rows; row++)
        {
            var source = table.Slice(row * columns, columns);
            var absMax = 0f;
            foreach (var value in source)
            {
                absMax = MathF.Max(absMax, MathF.Abs(value));
            }

            var scale = scales[row] = Scale(absMax, qmax);
            for (var column = 0; column < columns; column++)
            {
                var q = MathF.Round(source[column] / scale, MidpointRounding.ToEven);
                values[(row * columns) + column] = (sbyte)Math.Clamp(q, -qmax, qmax);
            }
        }

        return (values, scales);
    }

    // An all-zero column or row quantizes to zeros under any scale; 1 keeps the kernel's multiplier finite.
    private static float Scale(float absMax, int qmax) => absMax > 0 ? absMax / qmax : 1f;

    private static int Index(int row, int column, int k, int n, bool transposed) =>
        transposed ? (column * k) + row : (row * n) + column;
}
