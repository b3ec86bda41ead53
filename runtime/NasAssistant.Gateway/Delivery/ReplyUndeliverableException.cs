namespace NasAssistant.Gateway.Delivery;

/// <summary>The platform will never take this reply (the user blocked the bot, the chat is gone): the message is given up, not retried.</summary>
internal sealed class ReplyUndeliverableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReplyUndeliverableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ReplyUndeliverableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ReplyUndeliverableException()
    {
    }
}
