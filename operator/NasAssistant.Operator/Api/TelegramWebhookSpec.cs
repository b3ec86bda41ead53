using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Telegram webhook mode.</summary>
public sealed class TelegramWebhookSpec
{
    /// <summary>
    /// Public HTTPS address Telegram posts to, on port 443, 80, 88 or 8443 (the Bot API's webhook ports); route it (an
    /// Ingress) to the Service NAME-gateway, port webhooks, path /webhooks/CHANNEL.
    /// </summary>
    [SchemaRequired]
    [SchemaPattern("^https://[^\\s/:]+(:(443|80|88|8443))?(/[^\\s]*)?$")]
    [SchemaLength(1, 512)]
    public string Url { get; set; } = "";

    /// <summary>The Secret key holding the secret Telegram sends back with each update (1-256 of A-Z a-z 0-9 _ -); updates without it are refused.</summary>
    [SchemaRequired]
    public SecretKeyReference SecretTokenSecretRef { get; set; } = new();
}
