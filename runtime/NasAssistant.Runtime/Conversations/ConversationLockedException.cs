using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Conversations;

/// <summary>Another writer, in this process or another on the same folder, held the conversation's lock past the limit.</summary>
internal sealed class ConversationLockedException : ApiException
{
    /// <summary>Creates an exception with no message.</summary>
    public ConversationLockedException()
    {
    }

    /// <summary>Creates the exception with the message the caller reads.</summary>
    public ConversationLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the message the caller reads and its cause.</summary>
    public ConversationLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;

    /// <inheritdoc />
    public override string ErrorCode => "conversation_locked";

    /// <inheritdoc />
    public override TimeSpan? RetryAfter => TimeSpan.FromSeconds(1);
}
