namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>A Slack app receiving the Events API at the gateway's webhook (<c>message.im</c> and <c>app_mention</c>).</summary>
public sealed record SlackWebhookConfig
{
    /// <summary>File holding the app's Signing Secret (checks <c>X-Slack-Signature</c>); reloaded when it changes.</summary>
    public string SigningSecretFile { get; init; } = string.Empty;

    /// <summary>File holding the bot token (<c>xoxb-...</c>) that posts the answers; reloaded when it changes.</summary>
    public string BotTokenFile { get; init; } = string.Empty;

    /// <summary>The Web API's base address.</summary>
    public string ApiBaseUrl { get; init; } = GatewayDefaults.SlackApiBaseUrl;
}
