using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.DingTalk;

/// <summary>The <c>dingtalk</c> kind: a DingTalk (钉钉) robot.</summary>
internal sealed class DingTalkChannelKind : IChannelKind
{
    /// <inheritdoc />
    public string Name => ChannelKindNames.DingTalk;

    /// <inheritdoc />
    public bool Handles(ChannelConfig channel) => channel?.DingTalk is not null;

    /// <inheritdoc />
    public bool TakesWebhooks(ChannelConfig channel) => true;

    /// <inheritdoc />
    public IChannelAdapter Create(ChannelContext context) => new DingTalkChannel(context);
}
