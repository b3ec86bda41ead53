namespace NasAssistant.Gateway.Assistant;

/// <summary>The assistant could not be reached or failed on its side (5xx, 429, timeout): worth asking again later.</summary>
internal sealed class AssistantUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AssistantUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AssistantUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AssistantUnavailableException()
    {
    }
}
