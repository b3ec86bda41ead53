namespace NasAssistant.Runtime.Conversations;

/// <summary>One turn of a conversation as stored and as answered: its position, author role, text and time.</summary>
internal sealed record StoredTurn(int Index, string Role, string Content, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The identity the conversation belongs to, written on its first record only; files from before owners were
    /// recorded have none and belong to <c>anonymous</c>.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>On a chat reply to a request with an <c>Idempotency-Key</c>: what a repeat of that request is answered.</summary>
    public StoredReply? Reply { get; init; }
}
