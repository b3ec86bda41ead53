using System.Text.Json.Serialization;
using NasAssistant.Runtime.Conversations;

namespace NasAssistant.Runtime.Chat;

/// <summary>A whole (non-streamed) chat completion, in OpenAI's shape plus the conversation and citations.</summary>
internal sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatChoice> Choices,
    ChatUsage Usage,
    string? ConversationId,
    IReadOnlyList<ChatCitation>? Citations);

/// <summary>The one choice of a completion.</summary>
internal sealed record ChatChoice(int Index, ChatReplyMessage Message, string FinishReason);

/// <summary>The assistant's reply.</summary>
internal sealed record ChatReplyMessage(string Role, string Content);

/// <summary>One server-sent event of a streamed completion.</summary>
internal sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatChunkChoice> Choices,
    ChatUsage? Usage,
    string? ConversationId,
    IReadOnlyList<ChatCitation>? Citations);

/// <summary>The change one chunk brings to the choice.</summary>
internal sealed record ChatChunkChoice(
    int Index,
    ChatDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason); // OpenAI sends null until the last chunk

/// <summary>New text (and, in the first chunk, the role).</summary>
internal sealed record ChatDelta(string? Role, string? Content);
