using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// The conversation belongs to another identity. The API answers it exactly as a conversation that does not exist (404),
/// so ids cannot be probed; <see cref="For"/> words the message that way.
/// </summary>
internal sealed class ForeignConversationException : ApiException
{
    /// <summary>Creates the exception.</summary>
    public ForeignConversationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ForeignConversationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ForeignConversationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exception for another identity's conversation <paramref name="id"/>.</summary>
    public static ForeignConversationException For(string id) => new(NotFoundMessage(id));

    /// <summary>What a caller reads about a conversation that does not exist, or is another identity's.</summary>
    public static string NotFoundMessage(string id) => $"conversation '{id}' does not exist";

    /// <inheritdoc />
    public override int StatusCode => StatusCodes.Status404NotFound;

    /// <inheritdoc />
    public override string ErrorCode => "conversation_not_found";

    /// <inheritdoc />
    public override string? Param => "id";
}
