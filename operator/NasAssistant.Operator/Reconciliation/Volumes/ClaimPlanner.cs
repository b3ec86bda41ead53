using k8s.Models;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Reconciliation.Status;

namespace NasAssistant.Operator.Reconciliation.Volumes;

/// <summary>
/// Decides how much of a wanted claim can be applied to the live one without anything Kubernetes refuses
/// (ValidatePersistentVolumeClaimUpdate and the PersistentVolumeClaimResize admission): the access mode
/// and StorageClass of a claim never change, it grows only once bound and only on a StorageClass that
/// allows expansion, and it never shrinks. What cannot be applied keeps its live value and becomes an
/// issue for the status — never a reason to delete a volume that holds conversations. Pure.
/// </summary>
internal static class ClaimPlanner
{
    /// <summary>Whether applying <paramref name="wanted"/> would ask the live claim to grow (so its StorageClass matters).</summary>
    public static bool Grows(V1PersistentVolumeClaim wanted, V1PersistentVolumeClaim? live) =>
        live is not null && Size(wanted) > Size(live);

    /// <param name="field">The spec field the claim comes from, e.g. <c>spec.storage.sessions</c>.</param>
    /// <param name="wanted">The claim as the builder wants it.</param>
    /// <param name="live">The claim in the cluster, or null when it does not exist yet.</param>
    /// <param name="storageClass">The live claim's StorageClass when it must grow; null when unknown or absent.</param>
    public static ClaimPlan Plan(string field, V1PersistentVolumeClaim wanted, V1PersistentVolumeClaim? live, V1StorageClass? storageClass)
    {
        if (live is null)
        {
            return new(wanted, []);
        }

        var claim = OperatorJson.Copy(wanted);
        var name = live.Metadata.Name;
        var bound = live.Status?.Phase == "Bound" || !string.IsNullOrEmpty(live.Spec.VolumeName);
        var issues = new List<VolumeIssue>();
        var unboundHint = bound
            ? string.Empty
            : $"; the claim is not bound to a volume yet and holds no data: delete it (kubectl delete pvc {name} -n {live.Metadata.NamespaceProperty}) and the operator creates it again as asked";

        var wantedMode = string.Join(",", wanted.Spec.AccessModes ?? []);
        var liveMode = string.Join(",", live.Spec.AccessModes ?? []);
        if (wantedMode != liveMode)
        {
            claim.Spec.AccessModes = live.Spec.AccessModes;
            issues.Add(new(ConditionReasons.VolumeChangeForbidden,
                $"{field}.accessMode {wantedMode} is not applied: claim {name} is {liveMode}, and Kubernetes never changes an existing claim's access mode{unboundHint}"));
        }

        // An omitted class is the cluster default, which the API server wrote into the claim at creation.
        if (wanted.Spec.StorageClassName is { } wantedClass && wantedClass != live.Spec.StorageClassName)
        {
            claim.Spec.StorageClassName = live.Spec.StorageClassName;
            issues.Add(new(ConditionReasons.VolumeChangeForbidden,
                $"{field}.storageClassName {wantedClass} is not applied: claim {name} uses StorageClass {live.Spec.StorageClassName ?? "(none)"}, and Kubernetes never moves an existing claim to another class{unboundHint}"));
        }

        var wantedSize = Size(wanted);
        var liveSize = Size(live);
        var liveQuantity = live.Spec.Resources?.Requests?["storage"];
        if (wantedSize < liveSize)
        {
            claim.Spec.Resources.Requests["storage"] = liveQuantity;
            issues.Add(new(ConditionReasons.VolumeShrinkForbidden,
                $"{field}.size {Quantity(wanted)} is not applied: claim {name} is {liveQuantity}, and Kubernetes cannot shrink a volume"));
        }
        else if (wantedSize > liveSize && !bound)
        {
            claim.Spec.Resources.Requests["storage"] = liveQuantity;
            issues.Add(new(ConditionReasons.VolumeNotBound,
                $"{field}.size {Quantity(wanted)} is not applied yet: claim {name} is not bound to a volume, and Kubernetes resizes bound claims only; it grows once a pod has mounted it"));
        }
        else if (wantedSize > liveSize && storageClass?.AllowVolumeExpansion != true)
        {
            claim.Spec.Resources.Requests["storage"] = liveQuantity;
            var className = live.Spec.StorageClassName ?? "(none)";
            issues.Add(new(ConditionReasons.VolumeExpansionUnsupported,
                $"{field}.size {Quantity(wanted)} is not applied: StorageClass {className} does not allow volume expansion, so claim {name} stays {liveQuantity}; "
                + $"use a StorageClass with allowVolumeExpansion: true, or copy the data to a larger claim and name it in {field}.existingClaim"));
        }

        return new(claim, issues);
    }

    private static ResourceQuantity? Quantity(V1PersistentVolumeClaim claim) =>
        claim.Spec.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var size) ? size : null;

    private static decimal Size(V1PersistentVolumeClaim claim) => Quantity(claim)?.ToDecimal() ?? 0;
}
