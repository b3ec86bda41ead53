namespace NasAssistant.Runtime.Config;

/// <summary>HTTP server settings.</summary>
public sealed record ServerConfig
{
    /// <summary>Address the ports listen on; empty listens on every interface (IPv4 and IPv6).</summary>
    public string? BindAddress { get; init; }

    /// <summary>Port of the API (OpenAI-compatible, KServe v2, conversations).</summary>
    public int Port { get; init; } = RuntimeDefaults.ApiPort;

    /// <summary>Port of the plain-HTTP <c>/metrics</c> endpoint, kept apart from the API so scraping needs no TLS or key.</summary>
    public int MetricsPort { get; init; } = RuntimeDefaults.MetricsPort;

    /// <summary>HTTPS from a PEM certificate and key; plain HTTP when disabled.</summary>
    public TlsConfig Tls { get; init; } = new();

    /// <summary>File holding accepted API keys, one per line; no file means no key is required.</summary>
    public string? ApiKeysFile { get; init; }

    /// <summary>
    /// File holding the key of the channel gateway beside this assistant (the whole file is the key), accepted with role
    /// <c>gateway</c> as <c>channel-gateway</c> in addition to <see cref="ApiKeysFile"/>; reloaded when it changes. Without
    /// <see cref="ApiKeysFile"/> every other request stays anonymous, so adding a gateway does not lock other clients out.
    /// </summary>
    public string? GatewayKeyFile { get; init; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long in-flight requests may run after SIGTERM before the process exits.</summary>
    public int DrainTimeoutSeconds { get; init; } = 20;
}
