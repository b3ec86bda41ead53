namespace NasAssistant.Gateway.Assistant;

/// <summary>The assistant refused the question (a 4xx other than 408 and 429): asking again would get the same answer.</summary>
internal sealed class AssistantRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AssistantRefusedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AssistantRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AssistantRefusedException()
    {
    }
}
