namespace NasAssistant.Runtime.Conversations;

/// <summary>One entry of the conversation listing.</summary>
internal sealed record ConversationSummary(string Id, long Bytes, DateTimeOffset UpdatedAt)
{
    /// <summary>Always <c>conversation</c>.</summary>
    public string Object { get; init; } = "conversation";
}
