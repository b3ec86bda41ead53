using System.Text.Json;

namespace NasAssistant.Runtime.Api.KServe;

/// <summary>One input tensor: row-major data, flat or nested.</summary>
internal sealed record InferInput
{
    /// <summary>Tensor name.</summary>
    public string? Name { get; init; }

    /// <summary>Tensor shape.</summary>
    public IReadOnlyList<long>? Shape { get; init; }

    /// <summary>KServe datatype, e.g. <c>FP32</c>.</summary>
    public string? Datatype { get; init; }

    /// <summary>Tensor parameters; accepted and ignored.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>The elements.</summary>
    public JsonElement Data { get; init; }
}
