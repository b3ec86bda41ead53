namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>The CertificateReady condition as the TLS step found it.</summary>
internal sealed record CertificateState(bool? Ready, string Reason, string Message);
