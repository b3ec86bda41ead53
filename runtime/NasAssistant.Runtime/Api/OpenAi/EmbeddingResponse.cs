namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>Answer of <c>POST /v1/embeddings</c>.</summary>
internal sealed record EmbeddingResponse(IReadOnlyList<EmbeddingItem> Data, string Model, EmbeddingUsage Usage)
{
    /// <summary>Always <c>list</c>.</summary>
    public string Object { get; init; } = "list";
}
