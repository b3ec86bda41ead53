namespace NasAssistant.Runtime.Conversations;

/// <summary>A turn to append: author role, text and, for a chat reply to a request with an idempotency key, the rest of the answer.</summary>
internal sealed record NewTurn(string Role, string Content, StoredReply? Reply = null);
