namespace NasAssistant.Runtime.Api.KServe;

/// <summary>Answer of <c>GET /v2/health/ready</c> and <c>GET /v2/models/{name}/ready</c>.</summary>
internal sealed record ReadyResponse(bool Ready, string? Reason);
