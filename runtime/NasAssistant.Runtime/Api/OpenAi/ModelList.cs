namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>Answer of <c>GET /v1/models</c>.</summary>
internal sealed record ModelList(IReadOnlyList<ModelCard> Data)
{
    /// <summary>Always <c>list</c>.</summary>
    public string Object { get; init; } = "list";
}
