namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// The conversation belongs to another identity. The API answers it exactly as a conversation that does not exist (404),
/// so ids cannot be probed.
/// </summary>
internal sealed class ForeignConversationException : Exception
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
}
