using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>HTTPS for the assistant's API.</summary>
public sealed class TlsSpec
{
    /// <summary>SelfSigned: the operator issues and rotates a certificate; CertManager: a cert-manager Certificate; Secret: a kubernetes.io/tls Secret you provide; Disabled: plain HTTP.</summary>
    public TlsMode Mode { get; set; } = TlsMode.SelfSigned;

    /// <summary>cert-manager issuer of the certificate; required in CertManager mode.</summary>
    public IssuerReference? IssuerRef { get; set; }

    /// <summary>Secret holding tls.crt and tls.key; required in Secret mode, otherwise the name of the Secret the certificate is written to (default NAME-tls).</summary>
    [SchemaPattern(NamePatterns.Dns1123Subdomain)]
    [SchemaLength(1, 253)]
    public string? SecretName { get; set; }

    /// <summary>Extra DNS names for the certificate besides the Service's cluster names, for example assistant.home.arpa.</summary>
    [SchemaItemPattern(NamePatterns.DnsName)]
    [SchemaItems(0, 32)]
    public List<string>? DnsNames { get; set; }

    /// <summary>Whether the API is served over HTTPS: in every mode but Disabled.</summary>
    public bool ServesHttps() => Mode != TlsMode.Disabled;
}
