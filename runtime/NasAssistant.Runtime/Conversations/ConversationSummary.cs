namespace NasAssistant.Runtime.Conversations;

/// <summary>One entry of the conversation listing; <paramref name="Owner"/> is null for a conversation with no whole turn.</summary>
internal sealed record ConversationSummary(string Id, string? Owner, long Bytes, DateTimeOffset UpdatedAt)
{
    /// <summary>Always <c>conversation</c>.</summary>
    public string Object { get; init; } = "conversation";
}
