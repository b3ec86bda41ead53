namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>Telegram webhook mode: Telegram posts each update to <see cref="Url"/>, which must reach the gateway's webhook port at <c>/webhooks/CHANNEL</c>.</summary>
public sealed record TelegramWebhookConfig
{
    /// <summary>Public HTTPS address Telegram posts to (ports 443, 80, 88 or 8443, as the Bot API requires).</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>File holding the secret Telegram sends back in <c>X-Telegram-Bot-Api-Secret-Token</c> (1-256 characters of <c>A-Z a-z 0-9 _ -</c>); updates without it are refused.</summary>
    public string SecretTokenFile { get; init; } = string.Empty;
}
