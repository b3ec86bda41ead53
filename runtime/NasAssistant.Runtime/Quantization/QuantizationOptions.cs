namespace NasAssistant.Runtime.Quantization;

/// <summary>How <see cref="OnnxQuantizer"/> rewrites a model.</summary>
internal sealed record QuantizationOptions
{
    /// <summary>The defaults: per-column scales, weights of at least 1024 elements, biases folded, range chosen for this CPU.</summary>
    public static QuantizationOptions Default { get; } = new();

    /// <summary>One scale per output column of B (true) or one scale for the whole tensor (false).</summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>Weights with fewer elements stay FP32: they save nothing measurable and lose precision.</summary>
    public int MinimumElements { get; init; } = 1024;

    /// <summary>Range of the int8 weights; <see cref="WeightRange.Auto"/> asks <see cref="Int8Kernels"/>.</summary>
    public WeightRange WeightRange { get; init; } = WeightRange.Auto;

    /// <summary>Names of MatMul/Gemm nodes to leave in FP32 (layers whose activations have outliers that int8 would flatten).</summary>
    public IReadOnlySet<string> ExcludedNodes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Moves a constant bias added right after a MatMul into the quantized node's bias input,
    /// so the integer kernel adds it while writing its output instead of a separate pass over it.
    /// </summary>
    public bool FoldBias { get; init; } = true;
}
