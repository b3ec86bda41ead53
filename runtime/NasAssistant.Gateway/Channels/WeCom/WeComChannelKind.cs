using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.WeCom;

/// <summary>The <c>wecom</c> kind: a WeCom (企业微信) self-built application.</summary>
internal sealed class WeComChannelKind : IChannelKind
{
    /// <inheritdoc />
    public string Name => ChannelKindNames.WeCom;

    /// <inheritdoc />
    public bool Handles(ChannelConfig channel) => channel?.WeCom is not null;

    /// <inheritdoc />
    public bool TakesWebhooks(ChannelConfig channel) => true;

    /// <inheritdoc />
    public IChannelAdapter Create(ChannelContext context) => new WeComChannel(context);
}
