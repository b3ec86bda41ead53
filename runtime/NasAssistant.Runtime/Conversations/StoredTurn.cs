namespace NasAssistant.Runtime.Conversations;

/// <summary>One turn of a conversation as stored and as answered: its position, author role, text and time.</summary>
internal sealed record StoredTurn(int Index, string Role, string Content, DateTimeOffset CreatedAt);
