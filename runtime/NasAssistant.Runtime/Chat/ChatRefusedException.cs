using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Chat;

/// <summary>A chat request that cannot be answered now, with the error to return.</summary>
internal sealed class ChatRefusedException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public ChatRefusedException(ApiError error)
        : base(error?.Message ?? string.Empty)
    {
        Error = error!;
    }

    /// <summary>Creates the exception.</summary>
    public ChatRefusedException()
        : this(new ApiError(500, "chat refused", "chat_refused"))
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChatRefusedException(string message)
        : this(new ApiError(400, message, "chat_refused"))
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChatRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new ApiError(500, message, "chat_refused");
    }

    /// <summary>The error to answer with.</summary>
    public ApiError Error { get; }

    /// <inheritdoc />
    public override int StatusCode => Error.Status;

    /// <inheritdoc />
    public override string ErrorCode => Error.Code;

    /// <inheritdoc />
    public override string? Param => Error.Param;

    /// <inheritdoc />
    public override TimeSpan? RetryAfter => Error.RetryAfter;
}
