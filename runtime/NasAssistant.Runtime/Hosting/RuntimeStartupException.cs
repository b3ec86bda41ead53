namespace NasAssistant.Runtime.Hosting;

/// <summary>The server cannot start (port in use, unreadable certificate); the message says what to fix.</summary>
internal sealed class RuntimeStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuntimeStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public RuntimeStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public RuntimeStartupException()
    {
    }
}
