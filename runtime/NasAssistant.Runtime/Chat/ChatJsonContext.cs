using System.Text.Json.Serialization;
using NasAssistant.Runtime.Api.OpenAi;

namespace NasAssistant.Runtime.Chat;

/// <summary>Source-generated JSON for the chat API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(OpenAiErrorResponse))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
