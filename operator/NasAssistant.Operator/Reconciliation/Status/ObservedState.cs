using k8s.Models;
using NasAssistant.Operator.Reconciliation.Tls;

namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>What one reconcile saw and did, from which the status is computed.</summary>
internal sealed record ObservedState(
    V1Deployment? Deployment,
    IReadOnlyList<string> ChildrenOwnedByOthers,
    CertificateState Certificate,
    IssuedCertificate? IssuedCertificate,
    MonitoringState Monitoring,
    string? QuantizedModelSha256 = null);
