namespace NasAssistant.Operator.Resources;

/// <summary>
/// What the operator must issue in SelfSigned mode. Issuing needs a clock and randomness, so the
/// builder only states the request; the reconciler creates the CA and certificate from it.
/// </summary>
internal sealed record SelfSignedCertificateRequest(string SecretName, IReadOnlyList<string> DnsNames);
