namespace NasAssistant.Runtime.Api.KServe;

/// <summary>Answer of <c>GET /v2/health/live</c>.</summary>
internal sealed record LiveResponse(bool Live);
