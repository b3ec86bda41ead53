namespace NasAssistant.Runtime.Conversations;

/// <summary>Answer of <c>GET /v1/sessions</c>: one page of conversations in id order; pass <c>last_id</c> as <c>after</c> for the next.</summary>
internal sealed record ConversationList(IReadOnlyList<ConversationSummary> Data, bool HasMore, string? FirstId, string? LastId)
{
    /// <summary>Always <c>list</c>.</summary>
    public string Object { get; init; } = "list";
}
