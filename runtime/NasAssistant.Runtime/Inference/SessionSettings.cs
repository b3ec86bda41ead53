using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Inference;

/// <summary>How an ONNX Runtime session is set up.</summary>
/// <param name="Threads">Intra-op threads.</param>
/// <param name="Optimization">Graph optimization at load; <see cref="GraphOptimization.Auto"/> is the highest level safe on this CPU.</param>
/// <param name="Provider">Execution provider asked for.</param>
internal sealed record SessionSettings(int Threads, GraphOptimization Optimization = GraphOptimization.Auto, ExecutionProviderKind Provider = ExecutionProviderKind.Cpu);
