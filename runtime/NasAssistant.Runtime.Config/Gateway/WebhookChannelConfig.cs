namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>Slack-style webhooks: exactly one of <see cref="Slack"/> (signed Events API) and <see cref="Outgoing"/> (token in the body).</summary>
public sealed record WebhookChannelConfig
{
    /// <summary>A Slack app: Events API requests signed with the signing secret, answers by <c>chat.postMessage</c>.</summary>
    public SlackWebhookConfig? Slack { get; init; }

    /// <summary>Outgoing webhooks of Mattermost or Rocket.Chat (and Slack's legacy ones): a token in the body, the answer in the response.</summary>
    public OutgoingWebhookConfig? Outgoing { get; init; }
}
