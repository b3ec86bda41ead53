using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Operator.Resources;

/// <summary>The serving certificate: a cert-manager Certificate, or a request for a self-signed one.</summary>
internal static class TlsBuilder
{
    public static Certificate? BuildCertificate(AssistantDeployment ad, OperatorSettings settings)
    {
        var tls = ad.Spec.Tls;
        if (tls.Mode != TlsMode.CertManager || tls.IssuerRef is not { } issuer)
        {
            return null;
        }

        return new Certificate
        {
            Metadata = ChildMetadata.For(ad, Naming.Child(ad)),
            Spec = new CertificateSpec
            {
                SecretName = Naming.TlsSecret(ad),
                DnsNames = [.. ServingCertificate.DnsNames(ad, settings)],
                Duration = "2160h",
                RenewBefore = "360h",
                IssuerRef = new CertificateIssuerReference { Name = issuer.Name, Kind = issuer.Kind.ToString() },
                PrivateKey = new CertificatePrivateKey(),
                Usages = ["server auth", "digital signature", "key encipherment"],
            },
        };
    }

    public static SelfSignedCertificateRequest? BuildSelfSignedRequest(AssistantDeployment ad, OperatorSettings settings) =>
        ad.Spec.Tls.Mode == TlsMode.SelfSigned
            ? new SelfSignedCertificateRequest(Naming.TlsSecret(ad), ServingCertificate.DnsNames(ad, settings))
            : null;

    /// <summary>Type of the Secret a serving certificate lives in.</summary>
    public const string SecretType = "kubernetes.io/tls";

    /// <summary>Keys the serving-certificate Secret must hold.</summary>
    public static IReadOnlyList<string> RequiredSecretKeys { get; } = ["tls.crt", "tls.key"];
}
