using k8s.Models;
using NasAssistant.Operator.Reconciliation.Channels;
using NasAssistant.Operator.Reconciliation.Tls;
using NasAssistant.Operator.Reconciliation.Volumes;

namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>What one reconcile saw and did, from which the status is computed.</summary>
internal sealed record ObservedState(
    V1Deployment? Deployment,
    IReadOnlyList<string> ChildrenOwnedByOthers,
    TlsOutcome Tls,
    MonitoringState Monitoring,
    PodObservation? Pods = null)
{
    /// <summary>Children the API server refused.</summary>
    public IReadOnlyList<ChildRejection> Rejections { get; init; } = [];

    /// <summary>Volume changes held back because Kubernetes does not allow them.</summary>
    public IReadOnlyList<VolumeIssue> VolumeIssues { get; init; } = [];

    /// <summary>The channel gateway, when channels are named.</summary>
    public GatewayObservation? Gateway { get; init; }

    /// <summary>Whether everything the spec asks for reached the cluster.</summary>
    public bool FullyApplied => Rejections.Count == 0 && VolumeIssues.Count == 0 && ChildrenOwnedByOthers.Count == 0;
}
