using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Chat;

/// <summary>A validated chat request.</summary>
/// <param name="Messages">The messages as sent.</param>
/// <param name="Settings">How to generate the reply.</param>
/// <param name="Stream">Answer as server-sent events.</param>
/// <param name="IncludeUsage">Send token counts as a last streamed chunk.</param>
/// <param name="ConversationId">The stored conversation to continue, if any.</param>
/// <param name="IdempotencyKey">Names the turn, so a repeat of the request is answered from the store (only with a conversation).</param>
internal sealed record ChatRequest(
    IReadOnlyList<ChatTurn> Messages,
    GenerationSettings Settings,
    bool Stream,
    bool IncludeUsage,
    string? ConversationId,
    string? IdempotencyKey);
