using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>How conversations are kept.</summary>
public sealed class ConversationsSpec
{
    /// <summary>Conversations untouched for this many days are removed; 0 keeps them forever.</summary>
    [SchemaRange(0, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>Secret key holding a 32-byte AES-256-GCM key (raw or base64); when set, conversations are encrypted at rest.</summary>
    public SecretKeyReference? EncryptionKeySecretRef { get; set; }
}
