using System.Text.Json.Serialization;

namespace NasAssistant.Operator.Api;

/// <summary>What a model is served for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelTaskKind>))]
public enum ModelTaskKind
{
    /// <summary>Sentence embeddings (OpenAI /v1/embeddings).</summary>
    Embedding,

    /// <summary>Generative chat (OpenAI /v1/chat/completions).</summary>
    Chat,

    /// <summary>Raw tensors over KServe v2.</summary>
    Generic,
}
