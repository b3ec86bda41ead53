using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Conversations;

/// <summary>A whole record (its checksum matches) cannot be opened with the configured key or parsed: never served, never truncated.</summary>
internal sealed class ConversationCorruptException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public ConversationCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public ConversationCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public ConversationCorruptException()
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status500InternalServerError;

    /// <inheritdoc />
    public override string ErrorCode => "conversation_unreadable";
}
