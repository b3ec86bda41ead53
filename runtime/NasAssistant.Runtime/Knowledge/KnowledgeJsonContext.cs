using System.Text.Json.Serialization;
using NasAssistant.Runtime.Json;

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
internal sealed partial class KnowledgeJsonContext : JsonSerializerContext
{
    // Made on first use: the generated Default lives in another part of this class, whose static initializers may run later.
    private static KnowledgeJsonContext? _utf8;

    /// <summary>The same types, written with non-ASCII text as UTF-8 (see <see cref="Utf8Json"/>).</summary>
    public static KnowledgeJsonContext Utf8 => LazyInitializer.EnsureInitialized(ref _utf8, () => new(Utf8Json.Options(Default.Options)));
}
