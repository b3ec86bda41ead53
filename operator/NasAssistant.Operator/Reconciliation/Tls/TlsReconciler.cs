using System.Text.Json.Nodes;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation.Tls;

/// <summary>
/// The TLS step of a reconcile, in the spirit of CloudNativePG's <c>cluster_pki.go</c>: one switch on
/// <c>tls.mode</c> — SelfSigned issues the operator's own CA and serving certificate and rotates it before
/// expiry, CertManager checks that cert-manager is installed and reads its Certificate's readiness, Secret
/// checks the user's Secret, Disabled serves plain HTTP — and the removal of the operator's own TLS
/// Secrets that the mode no longer uses (after a mode change or a new <c>tls.secretName</c>). It returns
/// the CertificateReady state and the issued certificate, whose fingerprint the desired state stamps on
/// the pods. The cert-manager Certificate itself is a child like any other (<see cref="TlsBuilder"/>).
/// </summary>
internal sealed class TlsReconciler(OperatorSettings settings, TimeProvider time, EventRecorder events)
{
    private readonly SelfSignedIssuer _issuer = new(time);

    public async Task<TlsOutcome> ReconcileAsync(AssistantDeployment ad, ChildApplier children, CancellationToken cancellationToken)
    {
        await RemoveUnusedSecretsAsync(ad, children, cancellationToken);
        return ad.Spec.Tls.Mode switch
        {
            TlsMode.SelfSigned => await SelfSignedAsync(ad, children, cancellationToken),
            TlsMode.CertManager => await CertManagerAsync(ad, children.Cluster, cancellationToken),
            TlsMode.Secret => await UserSecretAsync(ad, children.Cluster, cancellationToken),
            _ => new(new(true, ConditionReasons.TlsDisabled, "TLS is disabled; the API is served over plain HTTP")),
        };
    }

    private async Task<TlsOutcome> SelfSignedAsync(AssistantDeployment ad, ChildApplier children, CancellationToken cancellationToken)
    {
        var request = TlsBuilder.BuildSelfSignedRequest(ad, settings)!;
        var issued = await _issuer.EnsureAsync(ad, request, children, cancellationToken);
        if (issued is null)
        {
            return new(
                new(false, ConditionReasons.SecretIncomplete, $"Secret {request.SecretName} or {Naming.CaSecret(ad)} belongs to someone else"),
                OwnedByOther: $"Secret {request.SecretName}");
        }

        if (issued.Rotated)
        {
            await events.NormalAsync(ad, ConditionReasons.CertificateRotated, $"serving certificate renewed, valid until {issued.NotAfter:O}", cancellationToken);
        }

        return new(new(true, ConditionReasons.Issued, $"self-signed certificate in {issued.SecretName}, valid until {issued.NotAfter:O}"), issued);
    }

    private static async Task<TlsOutcome> CertManagerAsync(AssistantDeployment ad, ClusterReader cluster, CancellationToken cancellationToken)
    {
        if (!await cluster.IsInstalledAsync(KubernetesKind.Certificate, cancellationToken))
        {
            return new(new(false, ConditionReasons.CertManagerNotInstalled,
                "cert-manager is not installed (no certificates.cert-manager.io CRD); install it or choose another tls.mode"));
        }

        var certificate = await cluster.ReadAsync(KubernetesKind.Certificate, ad.Metadata.NamespaceProperty, Naming.Child(ad), cancellationToken);
        var ready = certificate?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.ToString() == "Ready");
        return ready?["status"]?.ToString() == "True"
            ? new(new(true, ConditionReasons.Issued, $"cert-manager issued the certificate into {Naming.TlsSecret(ad)}"))
            : new(new(false, ConditionReasons.CertificatePending, ready?["message"]?.ToString() ?? "waiting for cert-manager to issue the certificate"));
    }

    // The user's Secret carries no label of the operator's, so no cache holds it: it is read from the API server.
    private static async Task<TlsOutcome> UserSecretAsync(AssistantDeployment ad, ClusterReader cluster, CancellationToken cancellationToken)
    {
        var name = Naming.TlsSecret(ad);
        var secret = await cluster.ReadAsync(KubernetesKind.Secret, ad.Metadata.NamespaceProperty, name, cancellationToken);
        if (secret is null)
        {
            return new(new(false, ConditionReasons.SecretMissing, $"Secret {name} does not exist"));
        }

        var data = secret["data"] as JsonObject;
        var missing = TlsBuilder.RequiredSecretKeys.Where(k => data is null || !data.ContainsKey(k)).ToList();
        return missing.Count == 0
            ? new(new(true, ConditionReasons.SecretValid, $"using tls.crt and tls.key from Secret {name}"))
            : new(new(false, ConditionReasons.SecretIncomplete, $"Secret {name} lacks {string.Join(" and ", missing)}"));
    }

    /// <summary>
    /// Deletes the operator's own TLS Secrets of this assistant — its CA and every serving certificate it
    /// issued — except those in use: in SelfSigned mode the CA and the serving certificate, in Secret mode
    /// the Secret the spec names (one the operator issued before, now kept by the user). They are found by
    /// the assistant's labels, not by name, so a Secret issued under an earlier <c>tls.secretName</c> goes too.
    /// </summary>
    private static async Task RemoveUnusedSecretsAsync(AssistantDeployment ad, ChildApplier children, CancellationToken cancellationToken)
    {
        var ns = ad.Metadata.NamespaceProperty;
        string[] inUse = ad.Spec.Tls.Mode switch
        {
            TlsMode.SelfSigned => [Naming.CaSecret(ad), Naming.TlsSecret(ad)],
            TlsMode.Secret => [Naming.TlsSecret(ad)],
            _ => [],
        };
        var secrets = await children.Cluster.ListAsync(KubernetesKind.Secret, ns, Naming.Labels(ad), cancellationToken);
        foreach (var name in secrets.Where(s => IsIssuedBy(s, ad)).Select(ObjectMeta.Name).Where(name => !inUse.Contains(name)).ToList())
        {
            await children.DeleteIfOwnedAsync(KubernetesKind.Secret, ns, name, ad, cancellationToken);
        }
    }

    private static bool IsIssuedBy(JsonObject secret, AssistantDeployment ad) =>
        Ownership.IsOwnedBy(secret, ad)
        && (ObjectMeta.Name(secret) == Naming.CaSecret(ad) || secret["type"]?.GetValue<string>() == TlsBuilder.SecretType);
}
