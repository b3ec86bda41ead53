namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>TLS to the MQTT broker; its certificate must name <see cref="MqttChannelConfig.Host"/>.</summary>
public sealed record MqttTlsConfig
{
    /// <summary>PEM file of the CA that signed the broker's certificate (a mounted Secret), the only CA trusted when set; leave it out to trust the system's CAs. Reloaded when it changes.</summary>
    public string? CaFile { get; init; }
}
