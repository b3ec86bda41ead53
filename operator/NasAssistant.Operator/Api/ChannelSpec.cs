using NasAssistant.Operator.Api.Schema;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Api;

/// <summary>
/// A messenger channel of the gateway: exactly one kind section (telegram, ...), who may talk to the assistant
/// through it (nobody by default), and where the gateway may connect for it.
/// </summary>
public sealed class ChannelSpec
{
    /// <summary>
    /// Channel name: a DNS label of at most 32 characters. It names the channel's ChannelReady.NAME condition, its
    /// metrics, its webhook path (/webhooks/NAME) and its users' identities on the assistant (NAME:ID).
    /// </summary>
    [SchemaRequired]
    [SchemaPattern(NamePatterns.ChannelName)]
    [SchemaLength(1, 32)]
    public string Name { get; set; } = "";

    /// <summary>Users who may talk to the assistant in a private chat, by the platform's user id (for Telegram, the numeric id). Empty: nobody.</summary>
    [SchemaItems(0, 256)]
    [SchemaItemPattern(NamePatterns.PlatformId)]
    [SchemaItemLength(1, 128)]
    public List<string>? AllowedUsers { get; set; }

    /// <summary>Group chats in which the assistant answers whoever addresses it, by the platform's chat id (Telegram groups are negative).</summary>
    [SchemaItems(0, 256)]
    [SchemaItemPattern(NamePatterns.PlatformId)]
    [SchemaItemLength(1, 128)]
    public List<string>? AllowedChats { get; set; }

    /// <summary>A stranger gets one polite refusal per this many minutes, and nothing of theirs is stored.</summary>
    [SchemaRange(1, 10080)]
    public int RefusalIntervalMinutes { get; set; } = 1440;

    /// <summary>A Telegram bot.</summary>
    public TelegramChannelSpec? Telegram { get; set; }

    /// <summary>Where the gateway pod may connect for this channel: the messenger's address ranges, or your HTTP proxy's.</summary>
    public ChannelEgressSpec Egress { get; set; } = new();

    /// <summary>The kind sections set, by their field names; a valid channel has exactly one.</summary>
    public IReadOnlyList<string> KindsSet()
    {
        var kinds = new List<string>();
        if (Telegram is not null)
        {
            kinds.Add(ChannelKindNames.Telegram);
        }

        return kinds;
    }

    /// <summary>The kind sections a channel may set, by their field names (the configuration's kind keys).</summary>
    public static IReadOnlyList<string> Kinds { get; } = [ChannelKindNames.Telegram];
}
