namespace NasAssistant.Runtime.Api.KServe;

/// <summary>KServe v2's error body: <c>{"error": "..."}</c>.</summary>
internal sealed record KServeErrorResponse(string Error);
