namespace NasAssistant.Runtime.Chat;

/// <summary>A chat request that cannot be answered now, with the error to return.</summary>
internal sealed class ChatRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChatRefusedException(ChatRequestError error)
        : base(error?.Message)
    {
        Error = error!;
    }

    /// <summary>Creates the exception.</summary>
    public ChatRefusedException()
        : this(new ChatRequestError(500, "chat refused", "chat_refused"))
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChatRefusedException(string message)
        : this(new ChatRequestError(400, message, "chat_refused"))
    {
    }

    /// <summary>Creates the exception.</summary>
    public ChatRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new ChatRequestError(500, message, "chat_refused");
    }

    /// <summary>The error to answer with.</summary>
    public ChatRequestError Error { get; }
}
