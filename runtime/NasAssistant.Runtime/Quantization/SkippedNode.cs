namespace NasAssistant.Runtime.Quantization;

/// <summary>A MatMul or Gemm left in FP32, and why.</summary>
/// <param name="Name">The node's name (its first output when it has none).</param>
/// <param name="OpType">MatMul or Gemm.</param>
/// <param name="Reason">Why it was not quantized.</param>
internal sealed record SkippedNode(string Name, string OpType, string Reason);
