using System.Text.Json.Serialization;

namespace NasAssistant.Operator.Api;

/// <summary>Where the serving certificate comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TlsMode>))]
public enum TlsMode
{
    /// <summary>The operator issues its own CA and serving certificate and rotates them before expiry.</summary>
    SelfSigned,

    /// <summary>cert-manager issues the certificate.</summary>
    CertManager,

    /// <summary>A kubernetes.io/tls Secret provided by the user.</summary>
    Secret,

    /// <summary>Plain HTTP.</summary>
    Disabled,
}
