namespace NasAssistant.Runtime.Config;

/// <summary>Hardware ONNX Runtime runs the model on.</summary>
public enum ExecutionProviderKind
{
    /// <summary>The CPU (always available).</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA; falls back to the CPU, with a log line, when the GPU or the CUDA build is absent.</summary>
    Cuda,
}
