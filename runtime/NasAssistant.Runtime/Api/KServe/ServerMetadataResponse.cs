namespace NasAssistant.Runtime.Api.KServe;

/// <summary>Answer of <c>GET /v2</c>.</summary>
internal sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);
