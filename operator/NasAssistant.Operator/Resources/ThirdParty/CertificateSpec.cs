namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>Desired state of a cert-manager Certificate.</summary>
public sealed class CertificateSpec
{
    /// <summary>Secret the key pair is written to.</summary>
    public string SecretName { get; set; } = "";

    /// <summary>Subject alternative names.</summary>
    public List<string> DnsNames { get; set; } = [];

    /// <summary>Requested lifetime.</summary>
    public string? Duration { get; set; }

    /// <summary>How long before expiry cert-manager renews.</summary>
    public string? RenewBefore { get; set; }

    /// <summary>The issuer.</summary>
    public CertificateIssuerReference IssuerRef { get; set; } = new();

    /// <summary>Key algorithm and rotation.</summary>
    public CertificatePrivateKey? PrivateKey { get; set; }

    /// <summary>Key usages.</summary>
    public List<string>? Usages { get; set; }
}
