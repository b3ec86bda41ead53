using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Telegram;

/// <summary>The <c>telegram</c> kind: a bot through the Bot API with <c>Telegram.Bot</c>.</summary>
internal sealed class TelegramChannelKind : IChannelKind
{
    /// <inheritdoc />
    public string Name => ChannelKindNames.Telegram;

    /// <inheritdoc />
    public bool Handles(ChannelConfig channel) => channel?.Telegram is not null;

    /// <inheritdoc />
    public bool TakesWebhooks(ChannelConfig channel) => channel?.Telegram?.Webhook is not null;

    /// <inheritdoc />
    public IChannelAdapter Create(ChannelContext context) => new TelegramChannel(context);
}
