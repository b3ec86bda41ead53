using Onnx;

namespace NasAssistant.Runtime.Quantization;

/// <summary>A lookup whose table is stored as int8 rows.</summary>
/// <param name="Node">The Gather.</param>
/// <param name="Table">Its constant FP32 [rows, columns] table.</param>
internal sealed record TablePlan(NodeProto Node, TensorProto Table);
