using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>
/// A WeCom (企业微信) self-built application: WeCom posts its members' private messages, signed and encrypted, to
/// the gateway's webhooks port (path /webhooks/CHANNEL); answers go out through WeCom's message API.
/// </summary>
public sealed class WeComChannelSpec
{
    /// <summary>The company's CorpID (My Company > Company Information), e.g. ww7f3a9c0d2b4e6f81; callbacks for any other are refused.</summary>
    [SchemaRequired]
    [SchemaPattern("^[A-Za-z0-9]+$")]
    [SchemaLength(1, 64)]
    public string CorpId { get; set; } = "";

    /// <summary>The application's AgentId, as its page in the admin console shows it.</summary>
    [SchemaRequired]
    [SchemaRange(1, 2147483647)]
    public long AgentId { get; set; }

    /// <summary>The Secret key holding the callback Token (Receive Messages > Set API Receive), which signs every callback.</summary>
    [SchemaRequired]
    public SecretKeyReference TokenSecretRef { get; set; } = new();

    /// <summary>The Secret key holding the callback EncodingAESKey (43 characters), which encrypts every callback.</summary>
    [SchemaRequired]
    public SecretKeyReference EncodingAesKeySecretRef { get; set; } = new();

    /// <summary>The Secret key holding the application's Secret (WeCom's corpsecret), which fetches the token for sending answers.</summary>
    [SchemaRequired]
    public SecretKeyReference CorpSecretSecretRef { get; set; } = new();

    /// <summary>WeCom API server; empty uses WeCom's (https://qyapi.weixin.qq.com).</summary>
    [SchemaPattern(NamePatterns.ApiBaseUrl)]
    [SchemaLength(1, 512)]
    public string? ApiBaseUrl { get; set; }
}
