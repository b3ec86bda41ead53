namespace NasAssistant.Gateway.Secrets;

/// <summary>A secret file a channel needs is missing, unreadable or empty; the message names the file, never a value.</summary>
internal sealed class SecretUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretUnavailableException()
    {
    }
}
