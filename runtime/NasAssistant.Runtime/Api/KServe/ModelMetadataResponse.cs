namespace NasAssistant.Runtime.Api.KServe;

/// <summary>Answer of <c>GET /v2/models/{name}</c>.</summary>
internal sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorMetadata> Inputs,
    IReadOnlyList<TensorMetadata> Outputs);
