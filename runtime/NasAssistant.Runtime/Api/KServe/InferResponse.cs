namespace NasAssistant.Runtime.Api.KServe;

/// <summary>Answer of <c>POST /v2/models/{name}/infer</c>.</summary>
internal sealed record InferResponse(string ModelName, string? ModelVersion, string? Id, IReadOnlyList<InferOutput> Outputs);
