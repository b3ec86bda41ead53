using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Feishu;

/// <summary>The <c>feishu</c> kind: a Feishu (飞书) or Lark bot.</summary>
internal sealed class FeishuChannelKind : IChannelKind
{
    /// <inheritdoc />
    public string Name => ChannelKindNames.Feishu;

    /// <inheritdoc />
    public bool Handles(ChannelConfig channel) => channel?.Feishu is not null;

    /// <inheritdoc />
    public bool TakesWebhooks(ChannelConfig channel) => true;

    /// <inheritdoc />
    public IChannelAdapter Create(ChannelContext context) => new FeishuChannel(context);
}
