using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>A model file on the models volume.</summary>
public sealed class VolumeModelSource
{
    /// <summary>Path of the ONNX file relative to the models volume, for example minilm/model.onnx. Embedding models read vocab.txt from the same folder.</summary>
    [SchemaRequired]
    [SchemaLength(1, 1024)]
    public string Path { get; set; } = "";
}
