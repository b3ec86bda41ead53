namespace NasAssistant.Runtime.Generation;

/// <summary>A generative model folder cannot be loaded; the message names the folder and says why.</summary>
internal sealed class GenerativeModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GenerativeModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public GenerativeModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public GenerativeModelException()
    {
    }
}
