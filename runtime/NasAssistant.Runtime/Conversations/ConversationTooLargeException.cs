using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Conversations;

/// <summary>A turn would take a conversation past <c>conversations.maxConversationBytes</c>.</summary>
internal sealed class ConversationTooLargeException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public ConversationTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public ConversationTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public ConversationTooLargeException()
    {
    }

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status413PayloadTooLarge;

    /// <inheritdoc />
    public override string ErrorCode => "conversation_too_large";
}
