namespace NasAssistant.Runtime.Config;

/// <summary>The served model.</summary>
public sealed record ModelConfig
{
    /// <summary>Name clients use (OpenAI <c>model</c>, KServe model name).</summary>
    public string Name { get; init; } = RuntimeDefaults.ModelName;

    /// <summary>What the model is served for.</summary>
    public ModelTask Task { get; init; } = ModelTask.Embedding;

    /// <summary>Path of the ONNX file; empty means the default model bundled with the runtime.</summary>
    public string? Path { get; init; }

    /// <summary>BERT WordPiece vocabulary for embedding models; defaults to <c>vocab.txt</c> beside the model.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>Expected SHA-256 of the model file (lowercase hex); the model is not ready until it matches.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Weight quantization applied at load.</summary>
    public QuantizationMode Quantization { get; init; } = QuantizationMode.None;

    /// <summary>Folder where quantized models are cached, keyed by the source model's digest.</summary>
    public string CacheDirectory { get; init; } = RuntimeDefaults.LocalModelCacheDirectory;

    /// <summary>Where the model runs: cpu (default) or cuda.</summary>
    public ExecutionProviderKind ExecutionProvider { get; init; } = ExecutionProviderKind.Cpu;

    /// <summary>Graph optimization ONNX Runtime applies at load; auto picks the highest level that is safe on this CPU.</summary>
    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.Auto;

    /// <summary>
    /// Intra-op threads of each model call; 0 divides the whole cores of the CPU limit among the batching workers
    /// (one each by default), and a chat model, which generates one reply at a time per step, takes them all.
    /// </summary>
    public int Threads { get; init; }
}
