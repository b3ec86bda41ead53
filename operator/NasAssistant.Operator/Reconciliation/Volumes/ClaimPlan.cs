using k8s.Models;

namespace NasAssistant.Operator.Reconciliation.Volumes;

/// <summary>The claim to apply (the live values kept where a change is not allowed) and what was held back.</summary>
internal sealed record ClaimPlan(V1PersistentVolumeClaim Claim, IReadOnlyList<VolumeIssue> Issues);
