using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>A Telegram bot: long polling by default, webhook mode when a public URL is given.</summary>
public sealed class TelegramChannelSpec
{
    /// <summary>The Secret key holding the bot token from @BotFather; a changed token is picked up without a restart.</summary>
    [SchemaRequired]
    public SecretKeyReference TokenSecretRef { get; set; } = new();

    /// <summary>Bot API server; empty uses Telegram's (https://api.telegram.org). Set it for a self-hosted telegram-bot-api server.</summary>
    [SchemaPattern(NamePatterns.ApiBaseUrl)]
    [SchemaLength(1, 512)]
    public string? ApiBaseUrl { get; set; }

    /// <summary>Receive by webhook instead of long polling: Telegram posts to a public HTTPS address routed to the gateway's webhooks port.</summary>
    public TelegramWebhookSpec? Webhook { get; set; }
}
