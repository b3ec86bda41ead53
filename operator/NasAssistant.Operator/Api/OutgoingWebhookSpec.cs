using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>An outgoing webhook in the Slack-compatible format of Mattermost and Rocket.Chat.</summary>
public sealed class OutgoingWebhookSpec
{
    /// <summary>The Secret key holding the token the platform generated for the webhook; posts without it are refused.</summary>
    [SchemaRequired]
    public SecretKeyReference TokenSecretRef { get; set; } = new();
}
