using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>How one node is rewritten.</summary>
/// <param name="Node">The MatMul or Gemm.</param>
/// <param name="Weight">Name of its FP32 B initializer.</param>
/// <param name="Transposed">True when B is stored [N, K] (Gemm transB = 1).</param>
/// <param name="K">Rows of the logical B.</param>
/// <param name="N">Columns of the logical B.</param>
/// <param name="Bias">Initializer added to the product, or null.</param>
/// <param name="FoldedAdd">The Add node absorbed as the bias, or null.</param>
/// <param name="ReshapedBias">A 1-D copy of a [1, N] Gemm C, or null.</param>
internal sealed record ProductPlan(
    NodeProto Node, string Weight, bool Transposed, int K, int N, string? Bias, NodeProto? FoldedAdd, TensorProto? ReshapedBias);
