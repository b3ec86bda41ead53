using System.Text.Json;

namespace NasAssistant.Runtime.Api.KServe;

/// <summary>Body of <c>POST /v2/models/{name}/infer</c>.</summary>
internal sealed record InferRequest
{
    /// <summary>Echoed back in the response.</summary>
    public string? Id { get; init; }

    /// <summary>Request parameters; accepted and ignored.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>Input tensors.</summary>
    public IReadOnlyList<InferInput>? Inputs { get; init; }

    /// <summary>Outputs wanted; all when absent.</summary>
    public IReadOnlyList<InferRequestedOutput>? Outputs { get; init; }
}
