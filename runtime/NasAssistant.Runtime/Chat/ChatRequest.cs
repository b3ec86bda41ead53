using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Chat;

/// <summary>A validated chat request.</summary>
/// <param name="Messages">The messages as sent.</param>
/// <param name="Settings">How to generate the reply.</param>
/// <param name="Stream">Answer as server-sent events.</param>
/// <param name="IncludeUsage">Send token counts as a last streamed chunk.</param>
/// <param name="ConversationId">The stored conversation to continue, if any.</param>
internal sealed record ChatRequest(
    IReadOnlyList<ChatTurn> Messages,
    GenerationSettings Settings,
    bool Stream,
    bool IncludeUsage,
    string? ConversationId);
