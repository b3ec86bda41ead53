namespace NasAssistant.Runtime.Config;

/// <summary>HTTPS settings; the files are watched and reloaded when a mounted Secret rotates.</summary>
public sealed record TlsConfig
{
    /// <summary>Serve HTTPS instead of HTTP.</summary>
    public bool Enabled { get; init; }

    /// <summary>PEM certificate chain (leaf first).</summary>
    public string? CertificateFile { get; init; }

    /// <summary>PEM private key of the certificate.</summary>
    public string? KeyFile { get; init; }
}
