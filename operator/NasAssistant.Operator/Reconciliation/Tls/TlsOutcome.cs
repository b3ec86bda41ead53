using NasAssistant.Operator.Reconciliation.Status;

namespace NasAssistant.Operator.Reconciliation.Tls;

/// <summary>What the TLS step found and did.</summary>
/// <param name="State">The CertificateReady condition.</param>
/// <param name="Issued">The serving certificate the operator issued (SelfSigned mode), or null.</param>
/// <param name="OwnedByOther">A Secret the step needs that belongs to someone else (<c>Secret NAME</c>), or null.</param>
internal sealed record TlsOutcome(CertificateState State, IssuedCertificate? Issued = null, string? OwnedByOther = null)
{
    /// <summary>Fingerprint of the certificate the operator issued, stamped on the pods so a rotation rolls them; null otherwise.</summary>
    public string? Fingerprint => Issued?.Fingerprint;
}
