namespace NasAssistant.Gateway.Assistant;

/// <summary>The assistant's answer.</summary>
/// <param name="Text">The reply text.</param>
/// <param name="Citations">The knowledge passages the reply cites, numbered as the text cites them.</param>
/// <param name="Replayed">True when the assistant returned the reply it had stored for this idempotency key.</param>
internal sealed record AssistantReply(string Text, IReadOnlyList<Citation> Citations, bool Replayed);
