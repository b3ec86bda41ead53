namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// An outgoing webhook in the Slack-compatible format of Mattermost and Rocket.Chat: the platform posts the
/// message with the webhook's token in the body and shows the response's <c>text</c> as the answer.
/// </summary>
public sealed record OutgoingWebhookConfig
{
    /// <summary>File holding the token the platform generated for the webhook; reloaded when it changes.</summary>
    public string TokenFile { get; init; } = string.Empty;
}
