using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>A Slack app receiving the Events API (message.im, app_mention) at the gateway.</summary>
public sealed class SlackWebhookSpec
{
    /// <summary>The Secret key holding the app's Signing Secret, which checks X-Slack-Signature.</summary>
    [SchemaRequired]
    public SecretKeyReference SigningSecretSecretRef { get; set; } = new();

    /// <summary>The Secret key holding the bot token (xoxb-...) that posts the answers.</summary>
    [SchemaRequired]
    public SecretKeyReference BotTokenSecretRef { get; set; } = new();

    /// <summary>Web API base address; empty uses Slack's (https://slack.com/api).</summary>
    [SchemaPattern(NamePatterns.ApiBaseUrl)]
    [SchemaLength(1, 512)]
    public string? ApiBaseUrl { get; set; }
}
