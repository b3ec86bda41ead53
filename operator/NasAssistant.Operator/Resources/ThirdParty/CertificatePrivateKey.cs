namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>Private key settings of a cert-manager Certificate.</summary>
public sealed class CertificatePrivateKey
{
    /// <summary>RSA, ECDSA or Ed25519.</summary>
    public string Algorithm { get; set; } = "ECDSA";

    /// <summary>Key size in bits.</summary>
    public int Size { get; set; } = 256;

    /// <summary>Always: a new key at every renewal.</summary>
    public string RotationPolicy { get; set; } = "Always";
}
