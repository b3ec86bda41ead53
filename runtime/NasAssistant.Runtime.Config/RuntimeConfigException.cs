namespace NasAssistant.Runtime.Config;

/// <summary>A configuration file that cannot be used; the message names the file and the key.</summary>
public sealed class RuntimeConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuntimeConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the parser's error.</summary>
    public RuntimeConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public RuntimeConfigException()
    {
    }
}
