namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// The conversation folder cannot be used: it cannot be created or written, or the encryption key is unreadable or
/// not the folder's key. The message says what to fix; nothing in the folder was changed.
/// </summary>
internal sealed class ConversationStoreException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ConversationStoreException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ConversationStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public ConversationStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
