using System.Text.Json;

namespace NasAssistant.Runtime.Chat;

/// <summary>Body of <c>POST /v1/chat/completions</c>: OpenAI's fields plus <c>conversation_id</c>.</summary>
internal sealed record ChatCompletionRequest
{
    /// <summary>Model name; must name the served model.</summary>
    public string? Model { get; init; }

    /// <summary>The new messages (or, without a conversation, the whole history).</summary>
    public IReadOnlyList<ChatMessageRequest>? Messages { get; init; }

    /// <summary>Stream the reply as server-sent events.</summary>
    public bool? Stream { get; init; }

    /// <summary>Streaming options; <c>include_usage</c> adds a last chunk with token counts.</summary>
    public ChatStreamOptions? StreamOptions { get; init; }

    /// <summary>Most tokens to generate (older name).</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Most tokens to generate.</summary>
    public int? MaxCompletionTokens { get; init; }

    /// <summary>Sampling temperature from 0 to 2.</summary>
    public float? Temperature { get; init; }

    /// <summary>Nucleus sampling mass from 0 to 1.</summary>
    public float? TopP { get; init; }

    /// <summary>A string or up to four strings that end the reply.</summary>
    public JsonElement Stop { get; init; }

    /// <summary>Sampling seed.</summary>
    public long? Seed { get; init; }

    /// <summary>Number of choices; only 1 is served.</summary>
    public int? N { get; init; }

    /// <summary>End-user id; accepted and ignored.</summary>
    public string? User { get; init; }

    /// <summary>The stored conversation this turn belongs to (also accepted as a header or in <c>metadata</c>).</summary>
    public string? ConversationId { get; init; }

    /// <summary>OpenAI request metadata; its <c>conversation_id</c> names the conversation.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
