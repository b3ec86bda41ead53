using System.Text;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Errors;
using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Chat;

/// <summary>Checks a chat request field by field and turns it into a <see cref="ChatRequest"/>.</summary>
internal static class ChatRequestReader
{
    /// <summary>Longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Reply length when the request sets none.</summary>
    public const int DefaultMaxTokens = 256;

    /// <summary>Most stop sequences per request (OpenAI's limit).</summary>
    public const int MaxStopSequences = 4;

    private static readonly string[] Roles = ["system", "developer", "user", "assistant"];

    /// <summary>The request, or why it is refused.</summary>
    public static (ChatRequest? Request, ApiError? Error) Read(ChatCompletionRequest body, string servedModel, string? headerConversationId, string? idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(body.Model))
        {
            return Refuse("'model' is required", "missing_model", "model");
        }

        if (body.Model != servedModel)
        {
            return (null, new ApiError(404, $"The model '{body.Model}' does not exist; this server serves '{servedModel}'", "model_not_found", "model"));
        }

        var (messages, messageError) = ReadMessages(body.Messages);
        if (messageError is not null)
        {
            return (null, messageError);
        }

        if (body.N is { } n && n != 1)
        {
            return Refuse("'n' must be 1: one choice is generated per request", "invalid_n", "n");
        }

        var maxTokens = body.MaxCompletionTokens ?? body.MaxTokens ?? DefaultMaxTokens;
        if (maxTokens < 1)
        {
            return Refuse($"'{(body.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens")}' must be at least 1", "invalid_max_tokens",
                body.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens");
        }

        if (body.Temperature is { } temperature && (float.IsNaN(temperature) || temperature is < 0 or > 2))
        {
            return Refuse("'temperature' must be from 0 to 2", "invalid_temperature", "temperature");
        }

        if (body.TopP is { } topP && (float.IsNaN(topP) || topP is <= 0 or > 1))
        {
            return Refuse("'top_p' must be greater than 0 and at most 1", "invalid_top_p", "top_p");
        }

        var (stop, stopError) = ReadStop(body.Stop);
        if (stopError is not null)
        {
            return (null, stopError);
        }

        var (conversationId, idError) = ReadConversationId(body, headerConversationId);
        if (idError is not null)
        {
            return (null, idError);
        }

        var keyError = CheckIdempotencyKey(idempotencyKey, conversationId);
        if (keyError is not null)
        {
            return (null, keyError);
        }

        var settings = new GenerationSettings
        {
            MaxTokens = maxTokens,
            Temperature = body.Temperature ?? 0f,
            TopP = body.TopP ?? 1f,
            Stop = stop!,
            Seed = body.Seed is { } seed ? unchecked((int)seed) : null,
            CacheKey = conversationId,
        };
        var stream = body.Stream ?? false;
        return (new ChatRequest(messages!, settings, stream, stream && body.StreamOptions?.IncludeUsage == true, conversationId, idempotencyKey), null);
    }

    private static (IReadOnlyList<ChatTurn>? Messages, ApiError? Error) ReadMessages(IReadOnlyList<ChatMessageRequest>? messages)
    {
        if (messages is null || messages.Count == 0)
        {
            return (null, new ApiError(400, "'messages' must be a non-empty array", "missing_messages", "messages"));
        }

        var turns = new List<ChatTurn>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message?.Role is null || !Roles.Contains(message.Role, StringComparer.Ordinal))
            {
                return (null, new ApiError(400, $"'messages[{i}].role' must be one of {string.Join(", ", Roles)}", "invalid_role", $"messages[{i}].role"));
            }

            var text = ReadContent(message.Content);
            if (text is null)
            {
                return (null, new ApiError(400, $"'messages[{i}].content' must be a string or an array of text parts", "invalid_content", $"messages[{i}].content"));
            }

            // OpenAI's newer "developer" role plays the part of "system" for the models served here.
            turns.Add(new ChatTurn(message.Role == "developer" ? "system" : message.Role, text));
        }

        return turns[^1].Role == "user"
            ? (turns, null)
            : (null, new ApiError(400, "the last message must come from the user", "invalid_messages", "messages"));
    }

    private static string? ReadContent(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString();
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object
                        || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "text"
                        || !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }

                    text.Append(value.GetString());
                }

                return text.ToString();
            default:
                return null;
        }
    }

    private static (IReadOnlyList<string>? Stop, ApiError? Error) ReadStop(JsonElement stop)
    {
        var invalid = new ApiError(400, $"'stop' must be a non-empty string or an array of up to {MaxStopSequences} non-empty strings", "invalid_stop", "stop");
        switch (stop.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return ([], null);
            case JsonValueKind.String:
                return string.IsNullOrEmpty(stop.GetString()) ? (null, invalid) : ([stop.GetString()!], null);
            case JsonValueKind.Array:
                var all = new List<string>();
                foreach (var item in stop.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
                    {
                        return (null, invalid);
                    }

                    all.Add(item.GetString()!);
                }

                return all.Count > MaxStopSequences ? (null, invalid) : (all, null);
            default:
                return (null, invalid);
        }
    }

    private static (string? Id, ApiError? Error) ReadConversationId(ChatCompletionRequest body, string? header)
    {
        string? metadata = null;
        body.Metadata?.TryGetValue("conversation_id", out metadata);
        var named = new[] { (Value: body.ConversationId, Param: "conversation_id"), (Value: metadata, Param: "metadata.conversation_id"), (Value: header, Param: AssistantHeaders.ConversationId) }
            .Where(n => !string.IsNullOrEmpty(n.Value))
            .ToArray();
        if (named.Length == 0)
        {
            return (null, null);
        }

        if (named.Select(n => n.Value).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            return (null, new ApiError(400, $"the conversation is named twice with different ids ({string.Join(", ", named.Select(n => n.Param))})", "conflicting_conversation_id", named[1].Param));
        }

        return ConversationIds.IsValid(named[0].Value)
            ? (named[0].Value, null)
            : (null, new ApiError(400, $"'{named[0].Param}': {ConversationIds.Rule}", "invalid_conversation_id", named[0].Param));
    }

    private static ApiError? CheckIdempotencyKey(string? key, string? conversationId)
    {
        if (key is null)
        {
            return null;
        }

        if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c is < ' ' or > '~'))
        {
            return new ApiError(400, $"'{AssistantHeaders.IdempotencyKey}' must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters", "invalid_idempotency_key", AssistantHeaders.IdempotencyKey);
        }

        // The key is kept with the stored turn; without a conversation there is nowhere to keep it.
        return conversationId is null
            ? new ApiError(400, $"'{AssistantHeaders.IdempotencyKey}' needs a conversation: name one with conversation_id or {AssistantHeaders.ConversationId}", "idempotency_key_without_conversation", AssistantHeaders.IdempotencyKey)
            : null;
    }

    private static (ChatRequest?, ApiError?) Refuse(string message, string code, string param) =>
        (null, new ApiError(400, message, code, param));
}
