namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>A Telegram bot, by long polling (the default) or by webhook when <see cref="Webhook"/> is set.</summary>
public sealed record TelegramChannelConfig
{
    /// <summary>File holding the bot token from @BotFather (a mounted Secret); reloaded when it changes.</summary>
    public string TokenFile { get; init; } = string.Empty;

    /// <summary>Bot API server: Telegram's, or a self-hosted <c>telegram-bot-api</c> server.</summary>
    public string ApiBaseUrl { get; init; } = GatewayDefaults.TelegramApiBaseUrl;

    /// <summary>How long one <c>getUpdates</c> call waits for messages, in seconds.</summary>
    public int PollTimeoutSeconds { get; init; } = 50;

    /// <summary>Receive by webhook instead of long polling.</summary>
    public TelegramWebhookConfig? Webhook { get; init; }
}
