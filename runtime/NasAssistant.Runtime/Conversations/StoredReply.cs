
namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// The parts of a chat answer besides its text, kept with the reply when the request carried an <c>Idempotency-Key</c>,
/// so that a repeat of the request is answered the same without generating again.
/// </summary>
internal sealed record StoredReply(
    string IdempotencyKey,
    string CompletionId,
    long Created,
    string Model,
    string FinishReason,
    ChatUsage Usage,
    IReadOnlyList<ChatCitation> Citations);
