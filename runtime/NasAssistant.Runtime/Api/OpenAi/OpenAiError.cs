namespace NasAssistant.Runtime.Api.OpenAi;

/// <summary>The <c>error</c> object of OpenAI's error shape.</summary>
internal sealed record OpenAiError(string Message, string Type, string? Param, string? Code);
