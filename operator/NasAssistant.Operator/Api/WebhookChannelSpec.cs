namespace NasAssistant.Operator.Api;

/// <summary>
/// Slack-style webhooks, posted to the gateway's webhooks port (path /webhooks/CHANNEL): exactly one of slack (a
/// Slack app's signed Events API) and outgoing (a Mattermost or Rocket.Chat outgoing webhook).
/// </summary>
public sealed class WebhookChannelSpec
{
    /// <summary>A Slack app: Events API requests signed with its Signing Secret, answers by chat.postMessage.</summary>
    public SlackWebhookSpec? Slack { get; set; }

    /// <summary>An outgoing webhook of Mattermost or Rocket.Chat (or Slack's legacy ones): a token in the body, the answer in the response.</summary>
    public OutgoingWebhookSpec? Outgoing { get; set; }
}
