using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>Computes an AssistantDeployment's status from what a reconcile observed. Pure.</summary>
internal static class StatusCalculator
{
    public static AssistantDeploymentStatus ForInvalidSpec(AssistantDeployment ad, IReadOnlyList<ValidationError> errors, DateTime now)
    {
        var previous = ad.Status?.Conditions;
        var generation = ad.Metadata.Generation ?? 0;
        var message = "invalid spec, nothing was changed: " + string.Join("; ", errors);
        var status = Copy(ad.Status);
        status.ObservedGeneration = generation;
        status.Conditions = Merge(previous,
        [
            Conditions.Make(previous, ConditionTypes.Ready, false, ConditionReasons.InvalidSpec, message, generation, now),
            Conditions.Make(previous, ConditionTypes.Degraded, true, ConditionReasons.InvalidSpec, message, generation, now),
            Conditions.Make(previous, ConditionTypes.Progressing, false, ConditionReasons.InvalidSpec, "waiting for a valid spec", generation, now),
        ]);
        return status;
    }

    public static AssistantDeploymentStatus Compute(AssistantDeployment ad, ObservedState observed, OperatorSettings settings, DateTime now)
    {
        var previous = ad.Status?.Conditions;
        var generation = ad.Metadata.Generation ?? 0;
        var deployment = observed.Deployment;
        var wanted = ad.Spec.Autoscaling.Enabled ? deployment?.Spec?.Replicas ?? ad.Spec.Autoscaling.MinReplicas : ad.Spec.Replicas;
        var replicas = deployment?.Status?.Replicas ?? 0;
        var ready = deployment?.Status?.ReadyReplicas ?? 0;
        var updated = deployment?.Status?.UpdatedReplicas ?? 0;
        var available = deployment?.Status?.AvailableReplicas ?? 0;

        // As kubectl rollout status decides: every pod updated, no old one left, and the updated ones
        // available (a pod the scheduler cannot place is updated, yet the rollout has not finished).
        var rolledOut = deployment is not null
            && (deployment.Status?.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
            && updated >= wanted && replicas <= updated && available >= updated;

        var problem = Degradation(observed);
        var unschedulable = ready < wanted ? observed.Pods?.Unschedulable : null;
        var (readyStatus, readyReason, readyMessage) =
            problem is not null ? (false, problem.Value.Reason, $"generation {generation} is not fully applied: {problem.Value.Message}")
            : wanted == 0 ? (false, ConditionReasons.ScaledToZero, "scaled to zero replicas")
            : ready >= wanted && observed.Tls.State.Ready != false
                ? (true, ConditionReasons.Available, $"{ready}/{wanted} pods ready at {ServiceBuilder.Endpoint(ad, settings)}")
            : unschedulable is not null ? (false, ConditionReasons.PodsUnschedulable, $"{ready}/{wanted} pods ready; {unschedulable}")
            : (false, ConditionReasons.PodsNotReady,
                observed.Tls.State.Ready == false ? $"{ready}/{wanted} pods ready; {observed.Tls.State.Message}" : $"{ready}/{wanted} pods ready");

        var stuck = deployment?.Status?.Conditions?.FirstOrDefault(c => c is { Type: "Progressing", Status: "False", Reason: ConditionReasons.ProgressDeadlineExceeded });
        var (progressing, progressReason, progressMessage) =
            stuck is not null ? (false, ConditionReasons.ProgressDeadlineExceeded, stuck.Message ?? "the rollout did not finish within its progress deadline")
            : rolledOut ? (false, ConditionReasons.RolloutComplete, "the pods run the current spec")
            : (true, ConditionReasons.RollingOut, $"{updated}/{wanted} pods updated, {available} available");

        var degraded = problem is { } found ? (true, found.Reason, found.Message) : (false, ConditionReasons.AsExpected, "all children reconciled");

        var quantized = observed.Pods?.QuantizedModelSha256;
        var verified = ready > 0
            ? (true, ad.Spec.Model.Source.Builtin is not null ? ConditionReasons.BuiltinModel : ConditionReasons.DigestVerified,
                (ad.Spec.Model.Source.Builtin is not null ? "the bundled model is loaded" : $"model sha256 {ad.Spec.Model.Sha256} verified by a ready pod")
                + (quantized is { } int8 ? $"; serving its INT8 quantization, sha256 {int8}" : string.Empty))
            : ((bool?)null, ConditionReasons.WaitingForPods, "no pod has loaded the model yet");

        var status = Copy(ad.Status);
        status.ObservedGeneration = generation;
        status.Replicas = replicas;
        status.ReadyReplicas = ready;
        status.Selector = Naming.SelectorString(ad);
        status.Endpoint = ServiceBuilder.Endpoint(ad, settings);
        status.QuantizedModelSha256 = quantized;
        status.Certificate = observed.Tls.Issued is { } issued
            ? new CertificateStatus { SecretName = issued.SecretName, NotAfter = issued.NotAfter }
            : ad.Spec.Tls.ServesHttps() ? new CertificateStatus { SecretName = Naming.TlsSecret(ad) } : null;
        // A channel no longer named takes its condition with it.
        status.Conditions = Merge(previous?.Where(c => !ChannelConditions.IsChannelCondition(c.Type)),
        [
            Conditions.Make(previous, ConditionTypes.Ready, readyStatus, readyReason, readyMessage, generation, now),
            Conditions.Make(previous, ConditionTypes.Progressing, progressing, progressReason, progressMessage, generation, now),
            Conditions.Make(previous, ConditionTypes.Degraded, degraded.Item1, degraded.Item2, degraded.Item3, generation, now),
            Conditions.Make(previous, ConditionTypes.ModelVerified, verified.Item1, verified.Item2, verified.Item3, generation, now),
            Conditions.Make(previous, ConditionTypes.CertificateReady, observed.Tls.State.Ready, observed.Tls.State.Reason, observed.Tls.State.Message, generation, now),
            Conditions.Make(previous, ConditionTypes.MonitoringReady, observed.Monitoring.Ready, observed.Monitoring.Reason, observed.Monitoring.Message, generation, now),
            .. ChannelConditions.Compute(ad, observed.Gateway, previous, generation, now),
        ]);
        return status;
    }

    /// <summary>
    /// Why the spec is not fully in the cluster, most fundamental first: objects that belong to someone
    /// else, children the API server refused, volume changes Kubernetes does not allow. Null when none.
    /// </summary>
    private static (string Reason, string Message)? Degradation(ObservedState observed)
    {
        var reasons = new List<(string Reason, string Message)>();
        if (observed.ChildrenOwnedByOthers.Count > 0)
        {
            reasons.Add((ConditionReasons.ChildOwnedByOther,
                "not touching objects that belong to someone else: " + string.Join(", ", observed.ChildrenOwnedByOthers) + "; rename or remove them"));
        }

        reasons.AddRange(observed.Rejections.Select(r => (ConditionReasons.ChildRejected, r.ToString())));
        reasons.AddRange(observed.VolumeIssues.Select(i => (i.Reason, i.Message)));
        return reasons.Count == 0 ? null : (reasons[0].Reason, string.Join("; ", reasons.Select(r => r.Message)));
    }

    // Conditions this reconcile did not compute keep their previous value.
    private static List<V1Condition> Merge(IEnumerable<V1Condition>? previous, IReadOnlyList<V1Condition> computed) =>
        [.. computed, .. (previous ?? []).Where(old => computed.All(c => c.Type != old.Type))];

    private static AssistantDeploymentStatus Copy(AssistantDeploymentStatus? status) =>
        status is null ? new() : OperatorJson.Copy(status);
}
