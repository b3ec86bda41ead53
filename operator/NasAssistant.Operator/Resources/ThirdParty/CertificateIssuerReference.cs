namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>A cert-manager issuer reference.</summary>
public sealed class CertificateIssuerReference
{
    /// <summary>Issuer name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Issuer or ClusterIssuer.</summary>
    public string Kind { get; set; } = "";

    /// <summary>API group of the issuer.</summary>
    public string Group { get; set; } = "cert-manager.io";
}
