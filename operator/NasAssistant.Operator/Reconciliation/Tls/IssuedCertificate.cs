namespace NasAssistant.Operator.Reconciliation.Tls;

/// <summary>The serving certificate in use: when it expires, when it will be renewed, and its fingerprint.</summary>
internal sealed record IssuedCertificate(string SecretName, DateTime NotAfter, DateTime RenewAt, string Fingerprint, bool Rotated);
