using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>A cert-manager Issuer or ClusterIssuer.</summary>
public sealed class IssuerReference
{
    /// <summary>Name of the issuer.</summary>
    [SchemaRequired]
    [SchemaPattern(NamePatterns.Dns1123Subdomain)]
    [SchemaLength(1, 253)]
    public string Name { get; set; } = "";

    /// <summary>Issuer (in the assistant's namespace) or ClusterIssuer.</summary>
    public IssuerKind Kind { get; set; } = IssuerKind.ClusterIssuer;
}
