using System.Text.Json.Serialization;
using NasAssistant.Runtime.Json;

namespace NasAssistant.Runtime.Chat;

/// <summary>Source-generated JSON for the chat API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
internal sealed partial class ChatJsonContext : JsonSerializerContext
{
    // Made on first use: the generated Default lives in another part of this class, whose static initializers may run later.
    private static ChatJsonContext? _utf8;

    /// <summary>The same types, written with non-ASCII text as UTF-8 (see <see cref="Utf8Json"/>).</summary>
    public static ChatJsonContext Utf8 => LazyInitializer.EnsureInitialized(ref _utf8, () => new(Utf8Json.Options(Default.Options)));
}
