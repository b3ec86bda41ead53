using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>What the serving certificate must cover, shared by the self-signed issuer and cert-manager.</summary>
internal static class ServingCertificate
{
    /// <summary>The Service's cluster DNS names followed by the user's extra names.</summary>
    public static IReadOnlyList<string> DnsNames(AssistantDeployment ad, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var service = Naming.Service(ad);
        var names = new List<string> { service };
        if (ad.Metadata.NamespaceProperty is { } ns)
        {
            names.AddRange([$"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.{settings.ClusterDomain}"]);
        }

        names.AddRange(ad.Spec.Tls.DnsNames ?? []);
        return [.. names.Distinct(StringComparer.Ordinal)];
    }
}
