namespace NasAssistant.Runtime.Conversations;

/// <summary>Answer of <c>DELETE /v1/sessions/{id}</c>.</summary>
internal sealed record ConversationDeleted(string Id, bool Deleted)
{
    /// <summary>Always <c>conversation.deleted</c>.</summary>
    public string Object { get; init; } = "conversation.deleted";
}
