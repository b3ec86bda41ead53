namespace NasAssistant.Runtime.Errors;

/// <summary>
/// A failure the caller of a request is told about. It carries its own answer: the HTTP status, the error code
/// (OpenAI's <c>error.code</c>; KServe v2 answers with the message alone), the request field at fault and, for a
/// refusal that passes, when to retry. The API's one exception handler writes that answer; the message is what the
/// caller reads, so it never holds internals.
/// </summary>
internal abstract class ApiException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    protected ApiException()
    {
    }

    /// <summary>Creates the exception with the message the caller reads.</summary>
    protected ApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the message the caller reads and its cause.</summary>
    protected ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the answer.</summary>
    public abstract int StatusCode { get; }

    /// <summary>The machine-readable error code, e.g. <c>rate_limit_exceeded</c>.</summary>
    public abstract string ErrorCode { get; }

    /// <summary>The request field at fault, if one is.</summary>
    public virtual string? Param => null;

    /// <summary>When a retry is likely to be accepted, sent as <c>Retry-After</c>; null when retrying will not help.</summary>
    public virtual TimeSpan? RetryAfter => null;

    /// <summary>The answer this exception gets.</summary>
    public ApiError ToApiError() => new(StatusCode, Message, ErrorCode, Param, RetryAfter);
}
