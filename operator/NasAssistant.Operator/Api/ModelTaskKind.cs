using System.Text.Json.Serialization;

namespace NasAssistant.Operator.Api;

/// <summary>What a model is served for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelTaskKind>))]
public enum ModelTaskKind
{
    /// <summary>Sentence embeddings (OpenAI /v1/embeddings).</summary>
    [JsonStringEnumMemberName("embedding")]
    Embedding,

    /// <summary>Generative chat (OpenAI /v1/chat/completions).</summary>
    [JsonStringEnumMemberName("chat")]
    Chat,

    /// <summary>Raw tensors over KServe v2.</summary>
    [JsonStringEnumMemberName("generic")]
    Generic,
}
