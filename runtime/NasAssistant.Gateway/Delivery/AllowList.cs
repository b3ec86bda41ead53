using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Delivery;

/// <summary>
/// Who may talk to a channel, default deny: in a private chat the sender must be in <c>allowedUsers</c> (or the
/// chat in <c>allowedChats</c>); in a group the group must be in <c>allowedChats</c>, since everyone in it reads
/// the answers.
/// </summary>
internal sealed class AllowList(ChannelConfig channel)
{
    private readonly HashSet<string> _users = new(channel.AllowedUsers, StringComparer.Ordinal);
    private readonly HashSet<string> _chats = new(channel.AllowedChats, StringComparer.Ordinal);

    /// <summary>True when the assistant may answer <paramref name="message"/>.</summary>
    public bool Allows(InboundMessage message) =>
        _chats.Contains(message.ChatId) || (!message.IsGroup && _users.Contains(message.SenderId));
}
