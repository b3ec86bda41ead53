using System.Text.Json.Serialization;

namespace NasAssistant.Runtime.Knowledge;

/// <summary>Source-generated JSON for the knowledge-base API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DocumentRequest))]
[JsonSerializable(typeof(DocumentResponse))]
[JsonSerializable(typeof(DocumentList))]
[JsonSerializable(typeof(DocumentDeleted))]
[JsonSerializable(typeof(RetrieveRequest))]
[JsonSerializable(typeof(RetrieveResponse))]
internal sealed partial class KnowledgeJsonContext : JsonSerializerContext;
