namespace NasAssistant.Gateway.Hosting;

/// <summary>The gateway cannot start (a port in use, an unusable CA file); the message says why.</summary>
internal sealed class GatewayStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public GatewayStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public GatewayStartupException()
    {
    }
}
