using k8s;
using k8s.Models;

namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>cert-manager's Certificate (cert-manager.io/v1), the fields the operator sets.</summary>
public sealed class Certificate : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>API group and version.</summary>
    public const string GroupVersion = "cert-manager.io/v1";

    /// <summary>Name of the CRD that must exist before Certificates can be created.</summary>
    public const string CrdName = "certificates.cert-manager.io";

    /// <inheritdoc/>
    public string ApiVersion { get; set; } = GroupVersion;

    /// <inheritdoc/>
    public string Kind { get; set; } = "Certificate";

    /// <inheritdoc/>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired certificate.</summary>
    public CertificateSpec Spec { get; set; } = new();
}
