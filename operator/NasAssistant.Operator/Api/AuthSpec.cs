namespace NasAssistant.Operator.Api;

/// <summary>Client authentication.</summary>
public sealed class AuthSpec
{
    /// <summary>Secret key holding accepted API keys, one per line; clients send one as a Bearer token. Unset: no key required.</summary>
    public SecretKeyReference? ApiKeySecretRef { get; set; }
}
