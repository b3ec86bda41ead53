namespace NasAssistant.Runtime.Errors;

/// <summary>
/// An error answer in the API's terms: the HTTP status, the message the caller reads, the machine-readable code,
/// the request field at fault and, for a refusal that passes, when to retry.
/// </summary>
internal sealed record ApiError(int Status, string Message, string Code, string? Param = null, TimeSpan? RetryAfter = null);
