namespace NasAssistant.Gateway.Assistant;

/// <summary>One question for the assistant.</summary>
/// <param name="User">The channel user the request acts for (<c>CHANNEL:ID</c>), sent as <c>X-Assistant-User</c>.</param>
/// <param name="ConversationId">The conversation the question and its reply are stored in.</param>
/// <param name="IdempotencyKey">Names this turn, so a redelivered message gets the stored reply instead of a new one.</param>
/// <param name="Text">The question.</param>
internal sealed record AssistantTurn(string User, string ConversationId, string IdempotencyKey, string Text);
