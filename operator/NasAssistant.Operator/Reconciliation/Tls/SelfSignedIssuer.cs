using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation.Tls;

/// <summary>
/// SelfSigned TLS mode: keeps a CA in Secret NAME-ca (never mounted in pods) and a serving
/// certificate signed by it in NAME-tls (or tls.secretName), renewed well before expiry or when the
/// names change. Clients trust ca.crt once; rotations keep the same CA.
/// </summary>
internal sealed class SelfSignedIssuer(TimeProvider time)
{
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan ServingLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private const string CaCertificateKey = "ca.crt";
    private const string CaKeyKey = "ca.key";
    private const string NotAfterAnnotation = AssistantDeployment.Group + "/not-after";
    private const string DnsNamesAnnotation = AssistantDeployment.Group + "/dns-names";

    /// <summary>Ensures a current certificate; null when a Secret of that name belongs to someone else.</summary>
    public async Task<IssuedCertificate?> EnsureAsync(
        AssistantDeployment ad, SelfSignedCertificateRequest request, ChildApplier children, CancellationToken cancellationToken)
    {
        var ns = ad.Metadata.NamespaceProperty;
        var now = time.GetUtcNow();
        var authority = await EnsureAuthorityAsync(ad, children, now, cancellationToken);
        if (authority is null)
        {
            return null;
        }

        var existing = await children.Cluster.ReadAsync(KubernetesKind.Secret, ns, request.SecretName, cancellationToken);
        if (existing is not null && !Ownership.IsOwnedBy(existing, ad) && !Ownership.CanAdopt(existing, ad))
        {
            return null;
        }

        var current = existing is null ? null : ToSecret(existing);
        if (current is not null && StillGood(current, request, authority.Value.CertificatePem, now) is { } notAfter)
        {
            return Describe(request.SecretName, current, notAfter, rotated: false);
        }

        var (certificatePem, keyPem) = CertificateFactory.CreateServing(
            authority.Value.CertificatePem, authority.Value.KeyPem, request.DnsNames, now, ServingLifetime);
        using var issued = X509Certificate2.CreateFromPem(certificatePem);
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = ChildMetadata.For(ad, request.SecretName),
            Type = TlsBuilder.SecretType,
            Data = new Dictionary<string, byte[]>
            {
                ["tls.crt"] = Encoding.ASCII.GetBytes(certificatePem + "\n" + authority.Value.CertificatePem),
                ["tls.key"] = Encoding.ASCII.GetBytes(keyPem),
                [CaCertificateKey] = Encoding.ASCII.GetBytes(authority.Value.CertificatePem),
            },
        };
        secret.Metadata.Annotations = new Dictionary<string, string>
        {
            [NotAfterAnnotation] = issued.NotAfter.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            [DnsNamesAnnotation] = string.Join(",", request.DnsNames),
        };
        await children.ApplyAsync(secret, existing, ad, cancellationToken);
        return Describe(request.SecretName, secret, issued.NotAfter.ToUniversalTime(), rotated: current is not null);
    }

    private static async Task<(string CertificatePem, string KeyPem)?> EnsureAuthorityAsync(
        AssistantDeployment ad, ChildApplier children, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = Naming.CaSecret(ad);
        var existing = await children.Cluster.ReadAsync(KubernetesKind.Secret, ad.Metadata.NamespaceProperty, name, cancellationToken);
        if (existing is not null)
        {
            if (!Ownership.IsOwnedBy(existing, ad) && !Ownership.CanAdopt(existing, ad))
            {
                return null;
            }

            var data = ToSecret(existing).Data;
            if (data is not null && data.TryGetValue(CaCertificateKey, out var certificate) && data.TryGetValue(CaKeyKey, out var key)
                && ExpiresAfter(Encoding.ASCII.GetString(certificate), now + ServingLifetime))
            {
                return (Encoding.ASCII.GetString(certificate), Encoding.ASCII.GetString(key));
            }
        }

        var (certificatePem, keyPem) = CertificateFactory.CreateAuthority($"{ad.Metadata.Name} assistant CA", now, AuthorityLifetime);
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = ChildMetadata.For(ad, name),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]>
            {
                [CaCertificateKey] = Encoding.ASCII.GetBytes(certificatePem),
                [CaKeyKey] = Encoding.ASCII.GetBytes(keyPem),
            },
        };
        await children.ApplyAsync(secret, existing, ad, cancellationToken);
        return (certificatePem, keyPem);
    }

    /// <summary>The certificate's expiry if it can stay: right names, same CA, not yet due for renewal.</summary>
    private static DateTime? StillGood(V1Secret secret, SelfSignedCertificateRequest request, string authorityPem, DateTimeOffset now)
    {
        if (secret.Data is null || !secret.Data.TryGetValue("tls.crt", out var chain) || !secret.Data.ContainsKey("tls.key")
            || secret.Metadata.Annotations is not { } annotations
            || !annotations.TryGetValue(DnsNamesAnnotation, out var names) || names != string.Join(",", request.DnsNames)
            || !secret.Data.TryGetValue(CaCertificateKey, out var ca) || Encoding.ASCII.GetString(ca) != authorityPem)
        {
            return null;
        }

        try
        {
            using var leaf = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(chain));
            var notAfter = leaf.NotAfter.ToUniversalTime();
            return notAfter - RenewBefore > now.UtcDateTime ? notAfter : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static bool ExpiresAfter(string certificatePem, DateTimeOffset moment)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem);
            return certificate.NotAfter.ToUniversalTime() > moment.UtcDateTime;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static IssuedCertificate Describe(string secretName, V1Secret secret, DateTime notAfter, bool rotated) =>
        new(secretName, notAfter, notAfter - RenewBefore, Convert.ToHexStringLower(SHA256.HashData(secret.Data["tls.crt"]))[..16], rotated);

    private static V1Secret ToSecret(JsonObject value) => OperatorJson.Deserialize<V1Secret>(value);
}
