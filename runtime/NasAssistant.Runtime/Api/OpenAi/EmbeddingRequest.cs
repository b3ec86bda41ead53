using System.Text.Json;

namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>Body of <c>POST /v1/embeddings</c>.</summary>
internal sealed record EmbeddingRequest
{
    /// <summary>A string or an array of strings.</summary>
    public JsonElement Input { get; init; }

    /// <summary>Model name; must name the served model.</summary>
    public string? Model { get; init; }

    /// <summary><c>float</c> (default) or <c>base64</c> (little-endian float32).</summary>
    public string? EncodingFormat { get; init; }

    /// <summary>Requested width; only the model's own width is accepted.</summary>
    public int? Dimensions { get; init; }

    /// <summary>End-user id; accepted and ignored.</summary>
    public string? User { get; init; }
}
