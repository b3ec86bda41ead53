using System.Globalization;

namespace NasAssistant.Runtime.Quantization;

/// <summary>What a quantization run changed.</summary>
internal sealed record QuantizationReport
{
    /// <summary>MatMul and Gemm nodes replaced by an integer product.</summary>
    public required int NodesQuantized { get; init; }

    /// <summary>Gather nodes whose table is now stored as int8 rows.</summary>
    public required int TablesQuantized { get; init; }

    /// <summary>Bias additions moved into a quantized node.</summary>
    public required int BiasesFolded { get; init; }

    /// <summary>MatMul and Gemm nodes, and Gathers of a constant FP32 table, left in FP32, with the reason for each.</summary>
    public required IReadOnlyList<SkippedNode> Skipped { get; init; }

    /// <summary>True for one scale per output column, false for one per tensor.</summary>
    public required bool PerChannel { get; init; }

    /// <summary>True when activations get a range per row, false for one per tensor (asked for, or the model's opset is below 13).</summary>
    public required bool PerRowActivations { get; init; }

    /// <summary>True when the weights are stored as uint8 with zero point 128 (<see cref="WeightEncoding.Unsigned"/>).</summary>
    public required bool UnsignedWeights { get; init; }

    /// <summary>Bytes of the FP32 weights and tables that were replaced.</summary>
    public required long WeightBytesBefore { get; init; }

    /// <summary>Bytes of the int8 weights, tables and scales that replaced them (and the column sums of per-row activations).</summary>
    public required long WeightBytesAfter { get; init; }

    /// <summary>Size of the source model file (0 when quantized in memory).</summary>
    public long BytesBefore { get; init; }

    /// <summary>Size of the written model file (0 when quantized in memory).</summary>
    public long BytesAfter { get; init; }

    /// <summary>SHA-256 of the written model file, lowercase hex (null when quantized in memory).</summary>
    public string? OutputSha256 { get; init; }

    /// <summary>What was quantized out of what could have been: "37 of 49 MatMul/Gemm nodes", then the lookup tables if there were any.</summary>
    public string Counts()
    {
        var products = NodesQuantized + Skipped.Count(s => s.OpType != "Gather");
        var lookups = TablesQuantized + Skipped.Count(s => s.OpType == "Gather");
        var tables = lookups == 0 ? "" : $", the tables of {TablesQuantized} of {lookups} Gathers";
        return string.Create(CultureInfo.InvariantCulture, $"{NodesQuantized} of {products} MatMul/Gemm nodes{tables}");
    }

    /// <summary>One line for a terminal or a log: counts, sizes and the output digest.</summary>
    public string Summary()
    {
        var scales = PerChannel ? "per-channel" : "per-tensor";
        var bits = UnsignedWeights ? "uint8" : "int8";
        var activations = PerRowActivations ? "per-row" : "per-tensor";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"quantized {Counts()} ({scales}, {bits} weights, {activations} activations, {BiasesFolded} biases folded), "
            + $"{Megabytes(BytesBefore)} -> {Megabytes(BytesAfter)}, sha256 {OutputSha256}");
    }

    private static string Megabytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");
}
