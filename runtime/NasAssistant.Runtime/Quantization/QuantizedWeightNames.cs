namespace NasAssistant.Runtime.Quantization;

/// <summary>A quantized weight matrix in the graph.</summary>
/// <param name="Values">The int8 (or uint8) [K, N] initializer.</param>
/// <param name="Scale">Its scales, one per column or one.</param>
/// <param name="ZeroPoint">Its zero points (128, shaped like the scales) when stored unsigned; null when signed.</param>
/// <param name="ColumnSums">Each column's sum as quantized, for the per-row offsets (empty with per-tensor activations).</param>
internal sealed record QuantizedWeightNames(string Values, string Scale, string? ZeroPoint, float[] ColumnSums);
