namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>The gateway's HTTP ports.</summary>
public sealed record GatewayServerConfig
{
    /// <summary>Address the ports listen on; empty listens on every interface (IPv4 and IPv6).</summary>
    public string? BindAddress { get; init; }

    /// <summary>Port receiving the messengers' webhooks at <c>/webhooks/CHANNEL</c> (plain HTTP: TLS ends at the ingress). Opened only when a channel takes webhooks.</summary>
    public int WebhookPort { get; init; } = GatewayDefaults.WebhookPort;

    /// <summary>Port of <c>/status</c> (each channel's readiness, as JSON), <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (ready while this instance is the active one).</summary>
    public int StatusPort { get; init; } = GatewayDefaults.StatusPort;
}
