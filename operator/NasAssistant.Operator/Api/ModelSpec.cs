using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>The model an assistant serves.</summary>
public sealed class ModelSpec
{
    /// <summary>Name clients use: the OpenAI "model" field and the KServe v2 model name.</summary>
    [SchemaPattern("^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$")]
    [SchemaLength(1, 63)]
    public string Name { get; set; } = "minilm";

    /// <summary>What the model is served for: Embedding, Chat, or Generic (raw tensors over KServe v2).</summary>
    public ModelTaskKind Task { get; set; } = ModelTaskKind.Embedding;

    /// <summary>Where the model file comes from; exactly one source must be set.</summary>
    public ModelSourceSpec Source { get; set; } = new() { Builtin = new() };

    /// <summary>Expected SHA-256 of the model file as 64 lowercase hex characters; required for url and volume sources and verified at every load.</summary>
    [SchemaPattern("^[a-f0-9]{64}$")]
    public string? Sha256 { get; set; }

    /// <summary>Weight quantization: None, or Int8 (quantized once and cached on the models volume by source digest).</summary>
    public QuantizationKind Quantization { get; set; } = QuantizationKind.None;
}
