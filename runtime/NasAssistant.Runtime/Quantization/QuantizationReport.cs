using System.Globalization;

namespace NasAssistant.Runtime.Quantization;

/// <summary>What a quantization run changed.</summary>
internal sealed record QuantizationReport
{
    /// <summary>MatMul and Gemm nodes replaced by an integer product.</summary>
    public required int NodesQuantized { get; init; }

    /// <summary>Bias additions moved into a quantized node.</summary>
    public required int BiasesFolded { get; init; }

    /// <summary>MatMul and Gemm nodes left in FP32, with the reason for each.</summary>
    public required IReadOnlyList<SkippedNode> Skipped { get; init; }

    /// <summary>True for one scale per output column, false for one per tensor.</summary>
    public required bool PerChannel { get; init; }

    /// <summary>True when activations get a range per row, false for one per tensor (asked for, or the model's opset is below 13).</summary>
    public required bool PerRowActivations { get; init; }

    /// <summary>True when the weights use the 7-bit range [-64, 64].</summary>
    public required bool ReducedRange { get; init; }

    /// <summary>Bytes of the FP32 weights that were replaced.</summary>
    public required long WeightBytesBefore { get; init; }

    /// <summary>Bytes of the int8 weights and scales that replaced them (and their column sums with per-row activations).</summary>
    public required long WeightBytesAfter { get; init; }

    /// <summary>Size of the source model file (0 when quantized in memory).</summary>
    public long BytesBefore { get; init; }

    /// <summary>Size of the written model file (0 when quantized in memory).</summary>
    public long BytesAfter { get; init; }

    /// <summary>SHA-256 of the written model file, lowercase hex (null when quantized in memory).</summary>
    public string? OutputSha256 { get; init; }

    /// <summary>One line for a terminal or a log: counts, sizes and the output digest.</summary>
    public string Summary()
    {
        var scales = PerChannel ? "per-channel" : "per-tensor";
        var bits = ReducedRange ? "7-bit" : "8-bit";
        var activations = PerRowActivations ? "per-row" : "per-tensor";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"quantized {NodesQuantized} of {NodesQuantized + Skipped.Count} MatMul/Gemm nodes "
            + $"({scales}, {bits} weights, {activations} activations, {BiasesFolded} biases folded), "
            + $"{Megabytes(BytesBefore)} -> {Megabytes(BytesAfter)}, sha256 {OutputSha256}");
    }

    private static string Megabytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");
}
