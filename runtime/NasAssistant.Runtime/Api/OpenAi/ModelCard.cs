namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>One model in <c>GET /v1/models</c>.</summary>
internal sealed record ModelCard(string Id, long Created, string OwnedBy)
{
    /// <summary>Always <c>model</c>.</summary>
    public string Object { get; init; } = "model";
}
