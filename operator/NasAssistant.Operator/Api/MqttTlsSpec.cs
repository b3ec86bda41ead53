namespace NasAssistant.Operator.Api;

/// <summary>TLS to the MQTT broker; its certificate must name the broker's host.</summary>
public sealed class MqttTlsSpec
{
    /// <summary>The Secret key holding the PEM CA that signed the broker's certificate, then the only CA trusted; unset: the system's CAs.</summary>
    public SecretKeyReference? CaSecretRef { get; set; }
}
