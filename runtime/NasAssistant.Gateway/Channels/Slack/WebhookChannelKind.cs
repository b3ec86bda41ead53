using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>The <c>webhook</c> kind: Slack-style webhooks, a Slack app's Events API or an outgoing webhook of Mattermost or Rocket.Chat.</summary>
internal sealed class WebhookChannelKind : IChannelKind
{
    /// <inheritdoc />
    public string Name => ChannelKindNames.Webhook;

    /// <inheritdoc />
    public bool Handles(ChannelConfig channel) => channel?.Webhook is not null;

    /// <inheritdoc />
    public bool TakesWebhooks(ChannelConfig channel) => true;

    /// <inheritdoc />
    public IChannelAdapter Create(ChannelContext context) =>
        context?.Config.Webhook?.Slack is not null ? new SlackChannel(context) : new OutgoingWebhookChannel(context!);
}
