using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Resources.Channels;

namespace NasAssistant.Operator.Reconciliation.Channels;

/// <summary>
/// The gateway's own API key: random, issued once into Secret NAME-gateway-key and kept as long as channels are named.
/// The gateway sends it, the inference pods accept it with role gateway; no person ever needs to see it.
/// </summary>
internal static class GatewayKeyIssuer
{
    private const string KeyPrefix = "sk-gateway-";

    /// <summary>Ensures the Secret; false when a Secret of that name belongs to someone else.</summary>
    public static async Task<bool> EnsureAsync(ChildApplier applier, AssistantDeployment ad, CancellationToken cancellationToken)
    {
        var name = Naming.GatewayKeySecret(ad);
        var existing = await applier.Cluster.ReadAsync(KubernetesKind.Secret, ad.Metadata.NamespaceProperty, name, cancellationToken);
        if (existing is not null && !Ownership.IsOwnedBy(existing, ad) && !Ownership.CanAdopt(existing, ad))
        {
            return false;
        }

        var key = existing is null ? null : KeyOf(OperatorJson.Deserialize<V1Secret>(existing));
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = ChildMetadata.ForGateway(ad, name),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [GatewayPodLayout.KeyFileName] = key ?? NewKey() },
        };
        await applier.ApplyAsync(secret, existing, ad, cancellationToken);
        return true;
    }

    private static byte[]? KeyOf(V1Secret secret) =>
        secret.Data is { } data && data.TryGetValue(GatewayPodLayout.KeyFileName, out var key) && key.Length > KeyPrefix.Length ? key : null;

    // 256 random bits, URL-safe so the key file needs no quoting anywhere.
    private static byte[] NewKey() =>
        Encoding.ASCII.GetBytes(KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
}
