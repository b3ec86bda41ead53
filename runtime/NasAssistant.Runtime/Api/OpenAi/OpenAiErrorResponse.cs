namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>OpenAI's error body: <c>{"error": {...}}</c>.</summary>
internal sealed record OpenAiErrorResponse(OpenAiError Error);
