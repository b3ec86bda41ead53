namespace NasAssistant.Operator.Api;

/// <summary>The serving certificate in use.</summary>
public sealed class CertificateStatus
{
    /// <summary>Secret holding the certificate.</summary>
    public string? SecretName { get; set; }

    /// <summary>When the certificate expires; the operator renews self-signed certificates well before.</summary>
    public DateTime? NotAfter { get; set; }
}
