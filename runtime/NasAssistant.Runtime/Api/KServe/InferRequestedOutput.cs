using System.Text.Json;

namespace NasAssistant.Runtime.Api.KServe;

/// <summary>An output the client wants.</summary>
internal sealed record InferRequestedOutput
{
    /// <summary>Output name.</summary>
    public string? Name { get; init; }

    /// <summary>Output parameters; accepted and ignored.</summary>
    public JsonElement? Parameters { get; init; }
}
