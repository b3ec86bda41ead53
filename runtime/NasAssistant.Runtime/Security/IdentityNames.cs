using System.Text.RegularExpressions;

namespace NasAssistant.Runtime.Security;

/// <summary>The rules identities follow: key names from the key file and channel users named by a gateway.</summary>
internal static partial class IdentityNames
{
    /// <summary>The key-name rule, as told to whoever breaks it.</summary>
    public const string KeyNameRule = "a key name must match ^[a-z0-9][a-z0-9._-]{0,62}$";

    /// <summary>The channel-user rule, as told to whoever breaks it.</summary>
    public const string ChannelUserRule =
        "X-Assistant-User must be <channel>:<id>: the channel a DNS label (lowercase letters, digits and '-'), the id 1 to 128 of A-Z a-z 0-9 . _ @ + = -";

    /// <summary>True when <paramref name="name"/> may name a key.</summary>
    public static bool IsKeyName(string? name) => name is not null && KeyName().IsMatch(name);

    /// <summary>True when <paramref name="user"/> is a channel user such as <c>telegram:123456789</c>.</summary>
    public static bool IsChannelUser(string? user) => user is not null && ChannelUser().IsMatch(user);

    // \z rather than $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyName();

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?:[A-Za-z0-9._@+=-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelUser();
}
