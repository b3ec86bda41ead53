namespace NasAssistant.Runtime.Chat;

/// <summary>Why a chat request was refused, in OpenAI's error terms.</summary>
internal sealed record ChatRequestError(int Status, string Message, string Code, string? Param = null, TimeSpan? RetryAfter = null);
