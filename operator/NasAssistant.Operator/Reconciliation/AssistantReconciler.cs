using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Reconciliation.Channels;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Reconciliation.Tls;
using NasAssistant.Operator.Reconciliation.Volumes;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Resources.Channels;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Reconciles one AssistantDeployment: load → finalizer on deletion → validate → TLS → one apply per
/// child → delete children no longer wanted → status (written only when it changed). It orchestrates;
/// the TLS step issues certificates, the builders decide what to create and the apply helper decides
/// whether to write. The resource, its children and the add-on CRDs are read from the informers' caches
/// (<see cref="ClusterReader"/>); the API server is asked only where a cache cannot answer, and after a
/// write that an out-of-date cached copy made fail.
/// </summary>
internal sealed partial class AssistantReconciler : IReconciler
{
    private static readonly KubernetesKind[] Optional =
    [
        KubernetesKind.NetworkPolicy, KubernetesKind.HorizontalPodAutoscaler, KubernetesKind.PodDisruptionBudget,
        KubernetesKind.Certificate, KubernetesKind.ServiceMonitor, KubernetesKind.PrometheusRule,
    ];

    private readonly KubeApi _client;
    private readonly OperatorSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<AssistantReconciler> _logger;
    private readonly ClaimPlanning _claims;
    private readonly TlsReconciler _tls;
    private readonly EventRecorder _events;
    private readonly AssistantMetrics? _metrics;

    public AssistantReconciler(
        KubeApi client, OperatorSettings settings, TimeProvider time, ILogger<AssistantReconciler> logger, AssistantMetrics? metrics = null)
    {
        _metrics = metrics;
        _client = client;
        _settings = settings;
        _time = time;
        _logger = logger;
        _claims = new ClaimPlanning(client);
        _events = new EventRecorder(client, time, logger);
        _tls = new TlsReconciler(settings, time, _events);
    }

    public bool Matters(ResourceEvent change) => ChangeFilter.Matters(change);

    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, IInformerCaches? caches, CancellationToken cancellationToken)
    {
        var cluster = new ClusterReader(_client, caches);
        var resources = new AssistantDeploymentStore(_client, cluster);
        var children = new ChildApplier(_client, cluster);
        var ad = await resources.ReadAsync(key, cancellationToken);
        if (ad is null || ad.Metadata.DeletionTimestamp is not null)
        {
            _metrics?.Forget(key.Namespace, key.Name);
            if (ad is not null)
            {
                await FinalizeAsync(ad, resources, children, cancellationToken);
            }

            return ReconcileResult.Done;
        }

        var errors = AssistantDeploymentValidator.Validate(ad);
        if (errors.Count > 0)
        {
            LogInvalid(_logger, key.ToString(), errors.Count);
            var newlyInvalid = IsNewlyInvalid(ad);
            if (await WriteStatusAsync(resources, ad, StatusCalculator.ForInvalidSpec(ad, errors, Now), cancellationToken) && newlyInvalid)
            {
                await _events.WarningAsync(ad, ConditionReasons.InvalidSpec, string.Join("; ", errors), cancellationToken);
            }

            return ReconcileResult.Done;
        }

        ad = await resources.EnsureFinalizerAsync(ad, cancellationToken);
        var observed = await ApplyChildrenAsync(ad, children, cancellationToken);
        var status = StatusCalculator.Compute(ad, observed, _settings, Now);
        _metrics?.Observe(ad, observed.Deployment, status);
        var previous = ad.Status?.Conditions;
        if (await WriteStatusAsync(resources, ad, status, cancellationToken))
        {
            await RecordTransitionsAsync(ad, previous, status.Conditions ?? [], cancellationToken);
        }

        // A refused child is retried with backoff: the cluster (a StorageClass, a quota) may change.
        if (observed.Rejections.Count > 0)
        {
            return ReconcileResult.RetryWithBackoff;
        }

        // Come back in time to renew a self-signed certificate even if nothing else happens.
        return observed.Tls.Issued is { } issued
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

    private async Task<ObservedState> ApplyChildrenAsync(AssistantDeployment ad, ChildApplier children, CancellationToken cancellationToken)
    {
        var ns = ad.Metadata.NamespaceProperty;
        var cluster = children.Cluster;
        var othersOwn = new List<string>();
        var rejections = new List<ChildRejection>();
        var volumeIssues = new List<VolumeIssue>();
        var tls = await _tls.ReconcileAsync(ad, children, cancellationToken);
        if (tls.OwnedByOther is { } taken)
        {
            othersOwn.Add(taken);
        }

        if (ad.Spec.HasChannels() && !await GatewayKeyIssuer.EnsureAsync(children, ad, cancellationToken))
        {
            othersOwn.Add($"Secret {Naming.GatewayKeySecret(ad)}");
        }

        var desired = DesiredStateBuilder.Build(ad, _settings, tls.Fingerprint);
        V1Deployment? deployment = null;
        V1Deployment? gatewayDeployment = null;
        string? gatewayReport = null;
        foreach (var child in desired.Objects)
        {
            var kind = KubernetesKind.Of(child.ApiVersion, child.Kind);
            if (kind.CrdName is not null && !await cluster.IsInstalledAsync(kind, cancellationToken))
            {
                continue;
            }

            var (result, issues) = await ReconcileChildAsync(ad, child, children, cancellationToken);
            volumeIssues.AddRange(issues);
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
                var current = OperatorJson.Deserialize<V1Deployment>(result.Current);
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
                gatewayReport = result.Current?["data"]?[Runtime.Config.Gateway.GatewayDefaults.StatusReportKey]?.GetValue<string>();
            }
        }

        await DeleteUnwantedAsync(ad, desired, cluster, children, cancellationToken);

        var monitoring = await MonitoringStateAsync(ad, cluster, cancellationToken);
        var pods = await PodObserver.ObserveAsync(cluster, ad, cancellationToken);
        var gateway = GatewayConfigText(desired, ad) is { } rendered
            ? new GatewayObservation(gatewayDeployment, gatewayReport, Runtime.Config.Gateway.GatewayConfigYaml.Digest(rendered))
            : null;
        return new ObservedState(deployment, othersOwn, tls, monitoring, pods)
        {
            Rejections = rejections,
            VolumeIssues = volumeIssues,
            Gateway = gateway,
        };
    }

    /// <summary>
    /// Applies one child over the object as the cache has it. A refusal may come from a decision made on a
    /// cached state that was already out of date (a claim someone grew, a Deployment someone recreated with
    /// another selector), so then the child is looked at live, and applied again if it had changed.
    /// </summary>
    private async Task<(ApplyResult Result, IReadOnlyList<VolumeIssue> VolumeIssues)> ReconcileChildAsync(
        AssistantDeployment ad, IKubernetesObject<V1ObjectMeta> child, ChildApplier children, CancellationToken cancellationToken)
    {
        var kind = KubernetesKind.Of(child.ApiVersion, child.Kind);
        var (ns, name) = (child.Metadata.NamespaceProperty, child.Metadata.Name);
        var cached = await children.Cluster.ReadAsync(kind, ns, name, cancellationToken);
        var first = await ApplyChildAsync(ad, child, cached, children, cancellationToken);
        if (first.Result.Outcome != ApplyOutcome.Rejected || !children.Cluster.IsCached(kind))
        {
            return first;
        }

        var live = await children.Cluster.ReadLiveAsync(kind, ns, name, cancellationToken);
        if (live is null || ObjectMeta.ResourceVersion(live) == (cached is null ? null : ObjectMeta.ResourceVersion(cached)))
        {
            return first;
        }

        children.Cluster.Record(kind, live);
        return await ApplyChildAsync(ad, child, live, children, cancellationToken);
    }

    // Unwanted is decided by kind and name, so one child of a kind never keeps another of that kind alive.
    private async Task DeleteUnwantedAsync(
        AssistantDeployment ad, DesiredState desired, ClusterReader cluster, ChildApplier children, CancellationToken cancellationToken)
    {
        // The gateway's key is issued apart from the builders, so it is wanted as long as channels are.
        var kept = desired.Objects.Select(o => (o.Kind, o.Metadata.Name)).ToHashSet();
        if (ad.Spec.HasChannels())
        {
            kept.Add(("Secret", Naming.GatewayKeySecret(ad)));
        }

        var removable = Optional.Select(kind => (Kind: kind, Name: Naming.Child(ad))).Concat(GatewayChildNames.All(ad));
        var ns = ad.Metadata.NamespaceProperty;
        foreach (var (kind, name) in removable)
        {
            if (!kept.Contains((kind.Kind, name))
                && (kind.CrdName is null || await cluster.IsInstalledAsync(kind, cancellationToken))
                && await children.DeleteIfOwnedAsync(kind, ns, name, ad, cancellationToken))
            {
                LogDeleted(_logger, kind.Kind, ns, name);
            }
        }
    }

    // The gateway's configuration file as this reconcile rendered it into its ConfigMap; null without channels.
    private static string? GatewayConfigText(DesiredState desired, AssistantDeployment ad) =>
        desired.Objects.OfType<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name == Naming.GatewayConfigMap(ad))?.Data[GatewayPodLayout.ConfigFileName];

    // Claims get only what Kubernetes allows; a Deployment whose selector must change is recreated.
    private async Task<(ApplyResult Result, IReadOnlyList<VolumeIssue> VolumeIssues)> ApplyChildAsync(
        AssistantDeployment ad, IKubernetesObject<V1ObjectMeta> child, JsonObject? live, ChildApplier children, CancellationToken cancellationToken)
    {
        if (child is V1PersistentVolumeClaim claim)
        {
            var plan = await _claims.PlanAsync(ad, claim, live, cancellationToken);
            return (await children.ApplyAsync(plan.Claim, live, ad, cancellationToken), plan.Issues);
        }

        if (child is V1Deployment wanted && await RecreateIfSelectorChangedAsync(ad, wanted, live, children, cancellationToken))
        {
            return (await children.ApplyAsync(child, ad, cancellationToken), []);
        }

        return (await children.ApplyAsync(child, live, ad, cancellationToken), []);
    }

    /// <summary>
    /// A Deployment's selector is immutable (ValidateDeploymentUpdate), so one this operator owns whose
    /// selector differs from the wanted one (left by an older version) is deleted and created again: its
    /// pods are replaced, and the volumes they use stay. True when it was deleted.
    /// </summary>
    private async Task<bool> RecreateIfSelectorChangedAsync(
        AssistantDeployment ad, V1Deployment wanted, JsonObject? live, ChildApplier children, CancellationToken cancellationToken)
    {
        var liveSelector = live?["spec"]?["selector"];
        if (live is null || !Ownership.IsOwnedBy(live, ad) || JsonNode.DeepEquals(liveSelector, OperatorJson.ToTree(wanted.Spec.Selector)))
        {
            return false;
        }

        if (!await children.DeleteIfOwnedAsync(KubernetesKind.Deployment, ad.Metadata.NamespaceProperty, wanted.Metadata.Name, ad, cancellationToken))
        {
            return false;
        }

        await _events.NormalAsync(ad, ConditionReasons.DeploymentRecreated,
            $"Deployment {wanted.Metadata.Name} recreated: its selector {liveSelector?.ToJsonString()} cannot change in place", cancellationToken);
        return true;
    }

    private static async Task<MonitoringState> MonitoringStateAsync(AssistantDeployment ad, ClusterReader cluster, CancellationToken cancellationToken)
    {
        var monitoring = ad.Spec.Monitoring;
        if (!monitoring.ServiceMonitor && !monitoring.PrometheusRule)
        {
            return new(true, ConditionReasons.Disabled, "monitoring objects are not requested");
        }

        var absent = new List<string>();
        if (monitoring.ServiceMonitor && !await cluster.IsInstalledAsync(KubernetesKind.ServiceMonitor, cancellationToken))
        {
            absent.Add("ServiceMonitor");
        }

        if (monitoring.PrometheusRule && !await cluster.IsInstalledAsync(KubernetesKind.PrometheusRule, cancellationToken))
        {
            absent.Add("PrometheusRule");
        }

        return absent.Count == 0
            ? new(true, ConditionReasons.Created, "ServiceMonitor and PrometheusRule are in place")
            : new(false, ConditionReasons.PrometheusOperatorNotInstalled,
                $"skipped {string.Join(" and ", absent)}: the Prometheus Operator CRDs (monitoring.coreos.com) are not installed");
    }

    private async Task FinalizeAsync(
        AssistantDeployment ad, AssistantDeploymentStore resources, ChildApplier children, CancellationToken cancellationToken)
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
                await children.ReleaseAsync(KubernetesKind.PersistentVolumeClaim, ns, claim, ad, cancellationToken);
            }
            else
            {
                // Also when an orphaning deletion has already taken the owner reference away.
                await children.DeleteIfOursAsync(KubernetesKind.PersistentVolumeClaim, ns, claim, ad, cancellationToken);
            }
        }

        await resources.RemoveFinalizerAsync(ad, cancellationToken);
        var fate = ad.Spec.Storage.RetainOnDelete ? "kept" : "deleted";
        LogFinalized(_logger, ad.Metadata.Name, ns, fate, claims.Count);
    }

    private static async Task<bool> WriteStatusAsync(
        AssistantDeploymentStore resources, AssistantDeployment ad, AssistantDeploymentStatus status, CancellationToken cancellationToken)
    {
        if (ad.Status is not null && OperatorJson.Serialize(status) == OperatorJson.Serialize(ad.Status))
        {
            return false;
        }

        await resources.ReplaceStatusAsync(ad, status, cancellationToken);
        return true;
    }

    private static bool IsNewlyInvalid(AssistantDeployment ad) =>
        Conditions.Find(ad.Status?.Conditions, ConditionTypes.Degraded) is not { Reason: ConditionReasons.InvalidSpec } previous
        || previous.ObservedGeneration != ad.Metadata.Generation;

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
