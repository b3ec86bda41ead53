namespace NasAssistant.Runtime.Security;

/// <summary>One accepted key: the identity it stands for, its role, and the SHA-256 of the key (the key itself is not kept).</summary>
internal sealed record ApiKey(string Name, ApiKeyRole Role, byte[] Digest);
