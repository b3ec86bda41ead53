using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>
/// A DingTalk (钉钉) robot of an internal application in HTTP mode: DingTalk posts each message, signed with the
/// AppSecret, to the gateway's webhooks port (path /webhooks/CHANNEL); answers go back through the message's sessionWebhook.
/// </summary>
public sealed class DingTalkChannelSpec
{
    /// <summary>The Secret key holding the robot's AppSecret, which checks each message's sign header.</summary>
    [SchemaRequired]
    public SecretKeyReference AppSecretSecretRef { get; set; } = new();

    /// <summary>DingTalk API server; empty uses DingTalk's (https://oapi.dingtalk.com). Answers go only to sessionWebhook addresses under it.</summary>
    [SchemaPattern(NamePatterns.ApiBaseUrl)]
    [SchemaLength(1, 512)]
    public string? ApiBaseUrl { get; set; }
}
