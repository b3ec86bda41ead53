using System.Text.Json.Serialization;
using NasAssistant.Runtime.Api.KServe;
using NasAssistant.Runtime.Api.OpenAi;
using NasAssistant.Runtime.Json;

namespace NasAssistant.Runtime.Api;

/// <summary>Source-generated JSON for every request and response type (no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(OpenAiErrorResponse))]
[JsonSerializable(typeof(ServerMetadataResponse))]
[JsonSerializable(typeof(ModelMetadataResponse))]
[JsonSerializable(typeof(InferRequest))]
[JsonSerializable(typeof(InferResponse))]
[JsonSerializable(typeof(KServeErrorResponse))]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(ReadyResponse))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(float[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(ulong[]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(uint[]))]
[JsonSerializable(typeof(bool[]))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext
{
    // Made on first use: the generated Default lives in another part of this class, whose static initializers may run later.
    private static RuntimeJsonContext? _utf8;

    /// <summary>The same types, written with non-ASCII text as UTF-8 (see <see cref="Utf8Json"/>).</summary>
    public static RuntimeJsonContext Utf8 => LazyInitializer.EnsureInitialized(ref _utf8, () => new(Utf8Json.Options(Default.Options)));
}
