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

    /// <summary>
    /// Largest size of one conversation's file in bytes; a turn that would pass it is refused with 413.
    /// Unset means <see cref="DefaultMaxConversationBytes"/> (left out of rendered files so older runtimes still parse them).
    /// </summary>
    public long? MaxConversationBytes { get; init; }

    /// <summary>Size cap used when <see cref="MaxConversationBytes"/> is unset: 1 MiB.</summary>
    public const long DefaultMaxConversationBytes = 1024 * 1024;
}
