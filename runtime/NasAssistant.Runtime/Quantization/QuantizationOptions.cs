namespace NasAssistant.Runtime.Quantization;

/// <summary>How <see cref="OnnxQuantizer"/> rewrites a model.</summary>
internal sealed record QuantizationOptions
{
    /// <summary>
    /// The defaults: per-column weight scales, per-row activation scales, weights of at least 1024 elements, biases folded,
    /// lookup tables quantized, weight encoding chosen for this CPU, no node kept in FP32.
    /// </summary>
    public static QuantizationOptions Default { get; } = new();

    /// <summary>The defaults, keeping in FP32 the nodes the sensitivity sweep chose for this source model, if it has a stored list.</summary>
    public static QuantizationOptions ForSource(string sourceSha256) => Default with { ExcludedNodes = Fp32NodeLists.ForSource(sourceSha256) };

    /// <summary>One scale per output column of B (true) or one scale for the whole tensor (false).</summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>Weights with fewer elements stay FP32: they save nothing measurable and lose precision.</summary>
    public int MinimumElements { get; init; } = 1024;

    /// <summary>
    /// How activations are quantized at run time. <see cref="ActivationGranularity.PerRow"/> by default: with one range
    /// per tensor, every row shares the steps set by the most extreme one (in all-MiniLM-L6-v2 the [CLS] row reaches
    /// 14-25 after GELU in the first four layers where the other rows stay below 6, and padding rows widen the range of
    /// the attention inputs), and a sentence's result depends on what it is batched with. Per-row lifts the minimum cosine
    /// to FP32 of that model from 0.989 to 0.998 in padded batches of 8 and 16, for about 1.6× FP32 throughput instead
    /// of 2.1× (2 threads, AVX512-VNNI).
    /// </summary>
    public ActivationGranularity Activations { get; init; } = ActivationGranularity.PerRow;

    /// <summary>How the 8-bit weights are stored; <see cref="WeightEncoding.Auto"/> asks <see cref="Int8Kernels"/>.</summary>
    public WeightEncoding WeightEncoding { get; init; } = WeightEncoding.Auto;

    /// <summary>
    /// Stores the constant tables that <c>Gather</c> nodes read (word embeddings) as int8 rows with a scale each
    /// (<see cref="RowQuantizedLookups"/>): the rows carry no activations, so this costs little accuracy and shrinks a
    /// small encoder by half.
    /// </summary>
    public bool QuantizeTables { get; init; } = true;

    /// <summary>Names of MatMul/Gemm/Gather nodes to leave in FP32 (layers whose activations have outliers that int8 would flatten).</summary>
    public IReadOnlySet<string> ExcludedNodes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Moves a constant bias added right after a MatMul into the quantized node's bias input,
    /// so the integer kernel adds it while writing its output instead of a separate pass over it.
    /// </summary>
    public bool FoldBias { get; init; } = true;
}
