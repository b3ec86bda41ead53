namespace NasAssistant.Runtime.Config;

/// <summary>Durable conversation storage.</summary>
public sealed record ConversationConfig
{
    /// <summary>Folder holding conversations; in pods the sessions volume.</summary>
    public string Directory { get; init; } = RuntimeDefaults.LocalSessionsDirectory;

    /// <summary>Conversations untouched for longer than this many days are removed.</summary>
    public int RetentionDays { get; init; } = 30;

    /// <summary>File holding a 32-byte AES-256-GCM key (raw or base64); empty stores plaintext.</summary>
    public string? EncryptionKeyFile { get; init; }
}
