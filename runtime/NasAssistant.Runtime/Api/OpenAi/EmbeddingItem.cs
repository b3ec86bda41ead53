namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>One embedding: a <c>float[]</c>, or a base64 string of little-endian float32.</summary>
internal sealed record EmbeddingItem(int Index, object Embedding)
{
    /// <summary>Always <c>embedding</c>.</summary>
    public string Object { get; init; } = "embedding";
}
