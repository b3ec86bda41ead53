using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>
/// A Feishu (飞书) or Lark custom app with a bot: its event subscription posts to the gateway's webhooks port (path
/// /webhooks/CHANNEL); answers go out through the message API.
/// </summary>
public sealed class FeishuChannelSpec
{
    /// <summary>The app's App ID, e.g. cli_a5f1e2d3c4b5a697.</summary>
    [SchemaRequired]
    [SchemaPattern("^cli_[0-9A-Za-z]+$")]
    [SchemaLength(1, 64)]
    public string AppId { get; set; } = "";

    /// <summary>The Secret key holding the app's App Secret, which fetches the token for sending answers.</summary>
    [SchemaRequired]
    public SecretKeyReference AppSecretSecretRef { get; set; } = new();

    /// <summary>The Secret key holding the event subscription's Verification Token, which every event carries.</summary>
    [SchemaRequired]
    public SecretKeyReference VerificationTokenSecretRef { get; set; } = new();

    /// <summary>The Secret key holding the Encrypt Key, when the subscription encrypts events (signatures are then checked too).</summary>
    public SecretKeyReference? EncryptKeySecretRef { get; set; }

    /// <summary>Open Platform server; empty uses Feishu's (https://open.feishu.cn). Set https://open.larksuite.com for Lark.</summary>
    [SchemaPattern(NamePatterns.ApiBaseUrl)]
    [SchemaLength(1, 512)]
    public string? ApiBaseUrl { get; set; }
}
