using System.Text.Json.Serialization;
using NasAssistant.Runtime.Json;

namespace NasAssistant.Runtime.Conversations;

/// <summary>Source-generated JSON for the conversation API and for the turns stored on disk.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredTurn))]
[JsonSerializable(typeof(TurnRequest))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(ConversationList))]
[JsonSerializable(typeof(ConversationDeleted))]
internal sealed partial class ConversationJsonContext : JsonSerializerContext
{
    // Made on first use: the generated Default lives in another part of this class, whose static initializers may run later.
    private static ConversationJsonContext? _utf8;

    /// <summary>The same types, written with non-ASCII text as UTF-8 (see <see cref="Utf8Json"/>).</summary>
    public static ConversationJsonContext Utf8 => LazyInitializer.EnsureInitialized(ref _utf8, () => new(Utf8Json.Options(Default.Options)));
}
