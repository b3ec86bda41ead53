using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>
/// An MQTT broker that home automation (Home Assistant, Node-RED) asks through: questions on BASE/ask/USER, answers on
/// the question's MQTT 5 response topic or BASE/answer/USER. The gateway connects to the broker directly (not through
/// gateway.httpsProxy): list the broker's address in the channel's egress.
/// </summary>
public sealed class MqttChannelSpec
{
    /// <summary>Host name or IP address of the broker, e.g. mosquitto.home.svc or 192.168.1.20.</summary>
    [SchemaRequired]
    [SchemaPattern("^[-A-Za-z0-9.:]+$")]
    [SchemaLength(1, 253)]
    public string Host { get; set; } = "";

    /// <summary>Port of the broker; unset: 1883, or 8883 with tls. The gateway's egress to the channel's ranges is opened on this port only.</summary>
    [SchemaRange(1, 65535)]
    public int? Port { get; set; }

    /// <summary>Connect over TLS; unset: plain TCP (only on a network you trust).</summary>
    public MqttTlsSpec? Tls { get; set; }

    /// <summary>The Secret key holding the gateway's username on the broker; unset: connect anonymously.</summary>
    public SecretKeyReference? UsernameSecretRef { get; set; }

    /// <summary>The Secret key holding the password of that user; needs usernameSecretRef.</summary>
    public SecretKeyReference? PasswordSecretRef { get; set; }

    /// <summary>The gateway's client id, under which the broker keeps its session (the questions not yet answered); unset: nas-assistant-CHANNEL.</summary>
    [SchemaPattern("^[A-Za-z0-9._:-]+$")]
    [SchemaLength(1, 128)]
    public string? ClientId { get; set; }

    /// <summary>Prefix of the channel's topics (BASE/ask/USER, BASE/answer/USER), without wildcards; unset: nas-assistant/CHANNEL.</summary>
    [SchemaPattern("^[^$/+#][^+#]*$")]
    [SchemaLength(1, 512)]
    public string? BaseTopic { get; set; }

    /// <summary>How long the broker keeps the session, and the questions for it, while the gateway is away, in seconds; unset: 86400 (a day, the most).</summary>
    [SchemaRange(60, 86400)]
    public int? SessionExpirySeconds { get; set; }

    /// <summary>Keep-alive interval in seconds (a broker that stops answering is noticed within about one and a half of it); unset: 30.</summary>
    [SchemaRange(5, 3600)]
    public int? KeepAliveSeconds { get; set; }
}
