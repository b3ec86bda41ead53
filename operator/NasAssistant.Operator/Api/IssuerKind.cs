using System.Text.Json.Serialization;

namespace NasAssistant.Operator.Api;

/// <summary>Kinds of cert-manager issuer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IssuerKind>))]
public enum IssuerKind
{
    /// <summary>A namespaced Issuer.</summary>
    Issuer,

    /// <summary>A cluster-wide ClusterIssuer.</summary>
    ClusterIssuer,
}
