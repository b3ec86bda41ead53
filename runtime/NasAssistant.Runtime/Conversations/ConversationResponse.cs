namespace NasAssistant.Runtime.Conversations;

/// <summary>Answer of <c>GET /v1/sessions/{id}</c>: the owner and every stored turn in order.</summary>
internal sealed record ConversationResponse(string Id, string? Owner, IReadOnlyList<StoredTurn> Turns)
{
    /// <summary>Always <c>conversation</c>.</summary>
    public string Object { get; init; } = "conversation";
}
