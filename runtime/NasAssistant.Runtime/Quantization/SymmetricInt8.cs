namespace NasAssistant.Runtime.Quantization;

/// <summary>Symmetric int8 quantization of a weight matrix: zero point 0, q = round(w / scale).</summary>
internal static class SymmetricInt8
{
    /// <summary>
    /// Quantizes the logical [K, N] matrix B, given row-major as [K, N] or, when
    /// <paramref name="transposed"/>, as [N, K] (Gemm's transB), into a row-major [K, N] int8 matrix.
    /// </summary>
    /// <param name="weights">The FP32 values as stored.</param>
    /// <param name="k">Rows of the logical B (the reduction length).</param>
    /// <param name="n">Columns of the logical B (output channels).</param>
    /// <param name="transposed">True when <paramref name="weights"/> holds B transposed.</param>
    /// <param name="perChannel">One scale per column when true, one for the whole matrix when false.</param>
    /// <param name="qmax">Largest magnitude of a quantized value: 127, or 64 for the reduced range.</param>
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

    // An all-zero column quantizes to zeros under any scale; 1 keeps the kernel's multiplier finite.
    private static float Scale(float absMax, int qmax) => absMax > 0 ? absMax / qmax : 1f;

    private static int Index(int row, int column, int k, int n, bool transposed) =>
        transposed ? (column * k) + row : (row * n) + column;
}
