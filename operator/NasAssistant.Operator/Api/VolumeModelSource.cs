using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>A model file on the models volume.</summary>
public sealed class VolumeModelSource
{
    /// <summary>
    /// Path relative to the models volume: the ONNX file (for example minilm/model.onnx; embedding models read vocab.txt
    /// from the same folder), or for task Chat the ONNX Runtime GenAI model folder (for example phi-3-mini).
    /// </summary>
    [SchemaRequired]
    [SchemaLength(1, 1024)]
    public string Path { get; set; } = "";
}
