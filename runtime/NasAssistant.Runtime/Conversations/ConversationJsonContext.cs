using System.Text.Json.Serialization;

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
internal sealed partial class ConversationJsonContext : JsonSerializerContext;
