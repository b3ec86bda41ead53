namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// An MQTT broker that home automation (Home Assistant, Node-RED) asks through: a question published on
/// <c>BASE/ask/USER</c> is answered on its MQTT 5 response topic, or on <c>BASE/answer/USER</c>. The gateway
/// connects with MQTT 5, subscribes with QoS 1 and keeps a persistent session under a stable client id, so
/// questions published while it is away wait on the broker. <c>USER</c> is who asks: the allow-list names it,
/// and the broker's ACL should tie it to the login (see the README's trust model).
/// </summary>
public sealed record MqttChannelConfig
{
    /// <summary>Host name or IP address of the broker.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>Port of the broker; leave it out for 1883, or 8883 with <see cref="Tls"/>.</summary>
    public int? Port { get; init; }

    /// <summary>Connect over TLS; leave it out for plain TCP (only on a network you trust).</summary>
    public MqttTlsConfig? Tls { get; init; }

    /// <summary>File holding the gateway's username on the broker (a mounted Secret), reloaded when it changes; leave it out to connect anonymously.</summary>
    public string? UsernameFile { get; init; }

    /// <summary>File holding the password of <see cref="UsernameFile"/>'s user (a mounted Secret), reloaded when it changes.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>The gateway's client id; the broker keeps the session (the questions not yet answered) under it. Default: <c>nas-assistant-CHANNEL</c>.</summary>
    public string? ClientId { get; init; }

    /// <summary>Prefix of the channel's topics (<c>BASE/ask/USER</c>, <c>BASE/answer/USER</c>). Default: <c>nas-assistant/CHANNEL</c>.</summary>
    public string? BaseTopic { get; init; }

    /// <summary>
    /// How long the broker keeps the session, and the questions for it, while the gateway is away, in seconds.
    /// At most a day: the gateway remembers answered questions for two, so a question redelivered later than
    /// that could be answered again.
    /// </summary>
    public int SessionExpirySeconds { get; init; } = 86_400;

    /// <summary>Keep-alive interval, in seconds: a broker that stops answering is noticed within about one and a half of it.</summary>
    public int KeepAliveSeconds { get; init; } = 30;

    /// <summary>The port the gateway connects to: <see cref="Port"/>, else MQTT's registered port, 1883, or 8883 with <see cref="Tls"/>.</summary>
    public int BrokerPort() => Port ?? DefaultPort(Tls is not null);

    /// <summary>MQTT's registered port: 8883 over TLS, 1883 without.</summary>
    public static int DefaultPort(bool tls) => tls ? 8883 : 1883;
}
