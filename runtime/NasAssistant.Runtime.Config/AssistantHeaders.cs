namespace NasAssistant.Runtime.Config;

/// <summary>The HTTP headers of the assistant's chat API beyond OpenAI's: what the runtime reads and the gateway sends.</summary>
public static class AssistantHeaders
{
    /// <summary>Names the conversation, as an alternative to the body's <c>conversation_id</c>.</summary>
    public const string ConversationId = "X-Conversation-Id";

    /// <summary>Names the channel user a gateway key acts for: <c>CHANNEL:ID</c>. Refused from any other key.</summary>
    public const string User = "X-Assistant-User";

    /// <summary>Names a chat turn, so that a repeat of the request is answered from the store instead of generated again.</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>Response header set to <c>true</c> on an answer taken from the store for a repeated idempotency key.</summary>
    public const string IdempotentReplayed = "Idempotent-Replayed";
}
