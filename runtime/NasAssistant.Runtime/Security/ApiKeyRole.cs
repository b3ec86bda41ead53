namespace NasAssistant.Runtime.Security;

/// <summary>What an API key may do, given as the third field of its line in the key file.</summary>
internal enum ApiKeyRole
{
    /// <summary>Its own conversations only (the default).</summary>
    User,

    /// <summary>Every conversation, and adding or deleting knowledge documents.</summary>
    Admin,

    /// <summary>A channel gateway: acts for the channel user named in <c>X-Assistant-User</c>, or as itself without it.</summary>
    Gateway,
}
