using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Reconciliation.Channels;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Reconciliation.Tls;
using NasAssistant.Operator.Reconciliation.Volumes;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Resources.Channels;
using ThirdParty = NasAssistant.Operator.Resources.ThirdParty;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Reconciles one AssistantDeployment: load → finalizer on deletion → validate → one apply per child
/// → delete children no longer wanted → status (written only when it changed). It orchestrates; the
/// builders decide what to create and the apply helper decides whether to write.
/// </summary>
internal sealed partial class AssistantReconciler : IReconciler
{
    private static readonly KubernetesKind[] Optional =
    [
        KubernetesKind.NetworkPolicy, KubernetesKind.HorizontalPodAutoscaler, KubernetesKind.PodDisruptionBudget,
        KubernetesKind.Certificate, KubernetesKind.ServiceMonitor, KubernetesKind.PrometheusRule,
    ];

    private readonly IKubernetes _client;
    private readonly OperatorSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<AssistantReconciler> _logger;
    private readonly ChildApplier _applier;
    private readonly ClaimPlanning _claims;
    private readonly AssistantDeploymentStore _resources;
    private readonly SelfSignedIssuer _issuer;
    private readonly AddOnDetector _addOns;
    private readonly EventRecorder _events;
    private readonly AssistantMetrics? _metrics;

    public AssistantReconciler(
        IKubernetes client, OperatorSettings settings, TimeProvider time, ILogger<AssistantReconciler> logger, AssistantMetrics? metrics = null)
    {
        _metrics = metrics;
        _client = client;
        _settings = settings;
        _time = time;
        _logger = logger;
        _applier = new ChildApplier(client);
        _claims = new ClaimPlanning(client, _applier);
        _resources = new AssistantDeploymentStore(client);
        _issuer = new SelfSignedIssuer(_applier, time);
        _addOns = new AddOnDetector(client);
        _events = new EventRecorder(client, time, logger);
    }

    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var ad = await _resources.ReadAsync(key, cancellationToken);
        if (ad is null || ad.Metadata.DeletionTimestamp is not null)
        {
            _metrics?.Forget(key.Namespace, key.Name);
            if (ad is not null)
            {
                await FinalizeAsync(ad, cancellationToken);
            }

            return ReconcileResult.Done;
        }

        var errors = AssistantDeploymentValidator.Validate(ad);
        if (errors.Count > 0)
        {
            LogInvalid(_logger, key.ToString(), errors.Count);
            var newlyInvalid = IsNewlyInvalid(ad);
            if (await WriteStatusAsync(ad, StatusCalculator.ForInvalidSpec(ad, errors, Now), cancellationToken) && newlyInvalid)
            {
                await _events.WarningAsync(ad, ConditionReasons.InvalidSpec, string.Join("; ", errors), cancellationToken);
            }

            return ReconcileResult.Done;
        }

        ad = await _resources.EnsureFinalizerAsync(ad, cancellationToken);
        var observed = await ApplyChildrenAsync(ad, cancellationToken);
        var status = StatusCalculator.Compute(ad, observed, _settings, Now);
        _metrics?.Observe(ad, observed.Deployment, status);
        var previous = ad.Status?.Conditions;
        if (await WriteStatusAsync(ad, status, cancellationToken))
        {
            await RecordTransitionsAsync(ad, previous, status.Conditions ?? [], cancellationToken);
        }

        // A refused child is retried with backoff: the cluster (a StorageClass, a quota) may change.
        if (observed.Rejections.Count > 0)
        {
            return ReconcileResult.RetryWithBackoff;
        }

        // Come back in time to renew a self-signed certificate even if nothing else happens.
        return observed.IssuedCertificate is { } issued
            ? ReconcileResult.After(Max(issued.RenewAt - Now, TimeSpan.FromMinutes(1)))
            : ReconcileResult.Done;
    }

    // Events mark transitions only, so a steady state (even a degraded one) records nothing new.
    private async Task RecordTransitionsAsync(
        AssistantDeployment ad, IList<V1Condition>? previous, IList<V1Condition> current, CancellationToken cancellationToken)
    {
        var ready = Conditions.Find(current, ConditionTypes.Ready)!;
        if (Conditions.Find(previous, ConditionTypes.Ready)?.Status != ready.Status)
        {
            await _events.NormalAsync(ad, ready.Reason, ready.Message, cancellationToken);
        }

        var degraded = Conditions.Find(current, ConditionTypes.Degraded)!;
        var before = Conditions.Find(previous, ConditionTypes.Degraded);
        if (degraded.Status == "True" && (before?.Status != "True" || before.Reason != degraded.Reason || before.Message != degraded.Message))
        {
            await _events.WarningAsync(ad, degraded.Reason, degraded.Message, cancellationToken);
        }
    }

    private async Task<ObservedState> ApplyChildrenAsync(AssistantDeployment ad, CancellationToken cancellationToken)
    {
        var ns = ad.Metadata.NamespaceProperty;
        var othersOwn = new List<string>();
        var rejections = new List<ChildRejection>();
        var volumeIssues = new List<VolumeIssue>();
        var (certificate, issued) = await ReconcileTlsAsync(ad, othersOwn, cancellationToken);
        if (ad.Spec.HasChannels() && !await GatewayKeyIssuer.EnsureAsync(_applier, ad, cancellationToken))
        {
            othersOwn.Add($"Secret {Naming.GatewayKeySecret(ad)}");
        }

        var desired = DesiredStateBuilder.Build(ad, _settings, issued?.Fingerprint);
        var installed = new Dictionary<string, bool>();
        V1Deployment? deployment = null;
        V1Deployment? gatewayDeployment = null;
        string? gatewayReport = null;
        foreach (var child in desired.Objects)
        {
            var kind = KubernetesKind.Of(child.ApiVersion, child.Kind);
            if (kind.CrdName is { } crd && !await IsInstalledAsync(crd, installed, cancellationToken))
            {
                continue;
            }

            var result = await ApplyChildAsync(ad, child, volumeIssues, cancellationToken);
            switch (result.Outcome)
            {
                case ApplyOutcome.OwnedByOther:
                    othersOwn.Add($"{child.Kind} {child.Metadata.Name}");
                    continue;
                case ApplyOutcome.Rejected:
                    rejections.Add(result.Rejection!);
                    LogRejected(_logger, child.Kind, ns, child.Metadata.Name, result.Rejection!.Message);
                    break;
                case ApplyOutcome.Created or ApplyOutcome.Updated:
                    LogApplied(_logger, result.Outcome, child.Kind, ns, child.Metadata.Name);
                    break;
            }

            if (child is V1Deployment && result.Current is not null)
            {
                var current = KubernetesJson.Deserialize<V1Deployment>(result.Current.ToJson().ToJsonString());
                if (child.Metadata.Name == Naming.Deployment(ad))
                {
                    deployment = current;
                }
                else
                {
                    gatewayDeployment = current;
                }
            }

            if (child is V1ConfigMap && child.Metadata.Name == Naming.GatewayStatusConfigMap(ad))
            {
                gatewayReport = result.Current?.ToJson()["data"]?[Runtime.Config.Gateway.GatewayDefaults.StatusReportKey]?.GetValue<string>();
            }
        }

        var childName = Naming.Child(ad);
        foreach (var kind in Optional)
        {
            var wanted = desired.Objects.Any(o => o.Kind == kind.Kind);
            if (!wanted && (kind.CrdName is null || await IsInstalledAsync(kind.CrdName, installed, cancellationToken))
                && await _applier.DeleteIfOwnedAsync(kind, ns, childName, ad, cancellationToken))
            {
                LogDeleted(_logger, kind.Kind, ns, childName);
            }
        }

        // The gateway's key is issued apart from the builders, so it is wanted as long as channels are.
        var kept = desired.Objects.Select(o => (o.Kind, o.Metadata.Name)).ToHashSet();
        if (ad.Spec.HasChannels())
        {
            kept.Add(("Secret", Naming.GatewayKeySecret(ad)));
        }

        foreach (var (kind, name) in GatewayChildNames.All(ad))
        {
            if (!kept.Contains((kind.Kind, name)) && await _applier.DeleteIfOwnedAsync(kind, ns, name, ad, cancellationToken))
            {
                LogDeleted(_logger, kind.Kind, ns, name);
            }
        }

        if (issued?.Rotated == true)
        {
            await _events.NormalAsync(ad, "CertificateRotated", $"serving certificate renewed, valid until {issued.NotAfter:O}", cancellationToken);
        }

        var monitoring = await MonitoringStateAsync(ad, installed, cancellationToken);
        var pods = await PodObserver.ObserveAsync(_client, ad, cancellationToken);
        var gateway = GatewayConfigBuilder.Build(ad, _settings) is { } config
            ? new GatewayObservation(gatewayDeployment, gatewayReport, Runtime.Config.Gateway.GatewayConfigYaml.Digest(config))
            : null;
        return new ObservedState(deployment, othersOwn, certificate, issued, monitoring, pods)
        {
            Rejections = rejections,
            VolumeIssues = volumeIssues,
            Gateway = gateway,
        };
    }

    // Claims get only what Kubernetes allows; a Deployment whose selector must change is recreated.
    private async Task<ApplyResult> ApplyChildAsync(
        AssistantDeployment ad, IKubernetesObject<V1ObjectMeta> child, List<VolumeIssue> volumeIssues, CancellationToken cancellationToken)
    {
        if (child is V1PersistentVolumeClaim claim)
        {
            var (plan, live) = await _claims.PlanAsync(ad, claim, cancellationToken);
            volumeIssues.AddRange(plan.Issues);
            return await _applier.ApplyAsync(plan.Claim, live, ad, cancellationToken);
        }

        if (child is V1Deployment wanted)
        {
            await RecreateIfSelectorChangedAsync(ad, wanted, cancellationToken);
        }

        return await _applier.ApplyAsync(child, ad, cancellationToken);
    }

    /// <summary>
    /// A Deployment's selector is immutable (ValidateDeploymentUpdate), so one this operator owns whose
    /// selector differs from the wanted one (left by an older version) is deleted and created again: its
    /// pods are replaced, and the volumes they use stay.
    /// </summary>
    private async Task RecreateIfSelectorChangedAsync(AssistantDeployment ad, V1Deployment wanted, CancellationToken cancellationToken)
    {
        var ns = ad.Metadata.NamespaceProperty;
        var live = await _applier.ReadAsync(KubernetesKind.Deployment, ns, wanted.Metadata.Name, cancellationToken);
        var liveSelector = live?.ToJson()["spec"]?["selector"];
        if (live is null || !Ownership.IsOwnedBy(live.Metadata, ad) || JsonNode.DeepEquals(liveSelector, JsonTree.Of(wanted.Spec.Selector)))
        {
            return;
        }

        if (await _applier.DeleteIfOwnedAsync(KubernetesKind.Deployment, ns, wanted.Metadata.Name, ad, cancellationToken))
        {
            await _events.NormalAsync(ad, ConditionReasons.DeploymentRecreated,
                $"Deployment {wanted.Metadata.Name} recreated: its selector {liveSelector?.ToJsonString()} cannot change in place", cancellationToken);
        }
    }

    private async Task<(CertificateState State, IssuedCertificate? Issued)> ReconcileTlsAsync(
        AssistantDeployment ad, List<string> othersOwn, CancellationToken cancellationToken)
    {
        var ns = ad.Metadata.NamespaceProperty;
        if (TlsBuilder.BuildSelfSignedRequest(ad, _settings) is { } request)
        {
            var issued = await _issuer.EnsureAsync(ad, request, cancellationToken);
            if (issued is null)
            {
                othersOwn.Add($"Secret {request.SecretName}");
                return (new(false, ConditionReasons.SecretIncomplete, $"Secret {request.SecretName} or {ad.Metadata.Name}-ca belongs to someone else"), null);
            }

            return (new(true, ConditionReasons.Issued, $"self-signed certificate in {issued.SecretName}, valid until {issued.NotAfter:O}"), issued);
        }

        // The operator's own self-signed Secrets are removed once another mode takes over.
        await _applier.DeleteIfOwnedAsync(KubernetesKind.Secret, ns, ad.Metadata.Name + "-tls", ad, cancellationToken);
        await _applier.DeleteIfOwnedAsync(KubernetesKind.Secret, ns, ad.Metadata.Name + "-ca", ad, cancellationToken);
        switch (ad.Spec.Tls.Mode)
        {
            case TlsMode.Disabled:
                return (new(true, ConditionReasons.TlsDisabled, "TLS is disabled; the API is served over plain HTTP"), null);
            case TlsMode.CertManager when !await _addOns.IsInstalledAsync(ThirdParty.Certificate.CrdName, cancellationToken):
                return (new(false, ConditionReasons.CertManagerNotInstalled,
                    "cert-manager is not installed (no certificates.cert-manager.io CRD); install it or choose another tls.mode"), null);
            case TlsMode.CertManager:
                return (await CertManagerStateAsync(ad, cancellationToken), null);
            default:
                return (await UserSecretStateAsync(ad, cancellationToken), null);
        }
    }

    private async Task<CertificateState> CertManagerStateAsync(AssistantDeployment ad, CancellationToken cancellationToken)
    {
        var certificate = await _applier.ReadAsync(KubernetesKind.Certificate, ad.Metadata.NamespaceProperty, Naming.Child(ad), cancellationToken);
        var ready = certificate?.ToJson()["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => c?["type"]?.ToString() == "Ready");
        return ready?["status"]?.ToString() == "True"
            ? new(true, ConditionReasons.Issued, $"cert-manager issued the certificate into {Naming.TlsSecret(ad)}")
            : new(false, ConditionReasons.CertificatePending, ready?["message"]?.ToString() ?? "waiting for cert-manager to issue the certificate");
    }

    private async Task<CertificateState> UserSecretStateAsync(AssistantDeployment ad, CancellationToken cancellationToken)
    {
        var name = Naming.TlsSecret(ad);
        var secret = await _applier.ReadAsync(KubernetesKind.Secret, ad.Metadata.NamespaceProperty, name, cancellationToken);
        if (secret is null)
        {
            return new(false, ConditionReasons.SecretMissing, $"Secret {name} does not exist");
        }

        var data = secret.ToJson()["data"]?.AsObject();
        var missing = TlsBuilder.RequiredSecretKeys.Where(k => data is null || !data.ContainsKey(k)).ToList();
        return missing.Count == 0
            ? new(true, ConditionReasons.SecretValid, $"using tls.crt and tls.key from Secret {name}")
            : new(false, ConditionReasons.SecretIncomplete, $"Secret {name} lacks {string.Join(" and ", missing)}");
    }

    private async Task<MonitoringState> MonitoringStateAsync(AssistantDeployment ad, Dictionary<string, bool> installed, CancellationToken cancellationToken)
    {
        var monitoring = ad.Spec.Monitoring;
        if (!monitoring.ServiceMonitor && !monitoring.PrometheusRule)
        {
            return new(true, ConditionReasons.Disabled, "monitoring objects are not requested");
        }

        var absent = new List<string>();
        if (monitoring.ServiceMonitor && !await IsInstalledAsync(ThirdParty.ServiceMonitor.CrdName, installed, cancellationToken))
        {
            absent.Add("ServiceMonitor");
        }

        if (monitoring.PrometheusRule && !await IsInstalledAsync(ThirdParty.PrometheusRule.CrdName, installed, cancellationToken))
        {
            absent.Add("PrometheusRule");
        }

        return absent.Count == 0
            ? new(true, ConditionReasons.Created, "ServiceMonitor and PrometheusRule are in place")
            : new(false, ConditionReasons.PrometheusOperatorNotInstalled,
                $"skipped {string.Join(" and ", absent)}: the Prometheus Operator CRDs (monitoring.coreos.com) are not installed");
    }

    private async Task FinalizeAsync(AssistantDeployment ad, CancellationToken cancellationToken)
    {
        if (!(ad.Metadata.Finalizers?.Contains(Naming.Finalizer) ?? false))
        {
            return;
        }

        var ns = ad.Metadata.NamespaceProperty;
        var claims = new[] { PersistentVolumeClaimBuilder.BuildModels(ad), PersistentVolumeClaimBuilder.BuildSessions(ad) }
            .OfType<V1PersistentVolumeClaim>().Select(c => c.Metadata.Name).ToList();
        foreach (var claim in claims)
        {
            if (ad.Spec.Storage.RetainOnDelete)
            {
                // Retained claims carry no owner reference; one left from before retainOnDelete was switched
                // on (and not reconciled away yet) is dropped, so the garbage collector keeps the volume.
                await _applier.ReleaseAsync(KubernetesKind.PersistentVolumeClaim, ns, claim, ad, cancellationToken);
            }
            else
            {
                // Also when an orphaning deletion has already taken the owner reference away.
                await _applier.DeleteIfOursAsync(KubernetesKind.PersistentVolumeClaim, ns, claim, ad, cancellationToken);
            }
        }

        await _resources.RemoveFinalizerAsync(ad, cancellationToken);
        var fate = ad.Spec.Storage.RetainOnDelete ? "kept" : "deleted";
        LogFinalized(_logger, ad.Metadata.Name, ns, fate, claims.Count);
    }

    private async Task<bool> WriteStatusAsync(AssistantDeployment ad, AssistantDeploymentStatus status, CancellationToken cancellationToken)
    {
        if (ad.Status is not null && KubernetesJson.Serialize(status) == KubernetesJson.Serialize(ad.Status))
        {
            return false;
        }

        await _resources.ReplaceStatusAsync(ad, status, cancellationToken);
        return true;
    }

    private static bool IsNewlyInvalid(AssistantDeployment ad) =>
        Conditions.Find(ad.Status?.Conditions, ConditionTypes.Degraded) is not { Reason: ConditionReasons.InvalidSpec } previous
        || previous.ObservedGeneration != ad.Metadata.Generation;

    private async Task<bool> IsInstalledAsync(string crd, Dictionary<string, bool> installed, CancellationToken cancellationToken)
    {
        if (!installed.TryGetValue(crd, out var present))
        {
            present = await _addOns.IsInstalledAsync(crd, cancellationToken);
            installed[crd] = present;
        }

        return present;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Outcome} {Kind} {Namespace}/{Name}")]
    private static partial void LogApplied(ILogger logger, ApplyOutcome outcome, string kind, string? @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API server refused {Kind} {Namespace}/{Name}: {Message}")]
    private static partial void LogRejected(ILogger logger, string kind, string? @namespace, string name, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Kind} {Namespace}/{Name}: no longer wanted")]
    private static partial void LogDeleted(ILogger logger, string kind, string? @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} is invalid ({Count} errors); children left unchanged")]
    private static partial void LogInvalid(ILogger logger, string resource, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "finalized {Name} in {Namespace}: {Claims} volume claims {Fate}")]
    private static partial void LogFinalized(ILogger logger, string name, string? @namespace, string fate, int claims);
}
