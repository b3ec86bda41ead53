using System.Text.Json.Serialization;

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

/// <summary>Token counts in OpenAI's shape.</summary>
internal sealed record ChatUsage(int PromptTokens, int CompletionTokens, int TotalTokens, ChatPromptTokensDetails PromptTokensDetails);

/// <summary>Prompt tokens served from the key/value cache of the previous turn.</summary>
internal sealed record ChatPromptTokensDetails(int CachedTokens);

/// <summary>A knowledge-base passage the reply draws on; <c>[index]</c> in the text refers to it.</summary>
internal sealed record ChatCitation(int Index, string Source, int ChunkIndex, float Score);

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
