namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// A DingTalk (钉钉) robot of an internal application in HTTP mode: DingTalk posts each message signed with the
/// AppSecret, and the gateway answers through the message's <c>sessionWebhook</c>.
/// </summary>
public sealed record DingTalkChannelConfig
{
    /// <summary>File holding the robot's AppSecret (checks the <c>sign</c> header); reloaded when it changes.</summary>
    public string AppSecretFile { get; init; } = string.Empty;

    /// <summary>The DingTalk API server: replies go only to <c>sessionWebhook</c> addresses under it, never elsewhere.</summary>
    public string ApiBaseUrl { get; init; } = GatewayDefaults.DingTalkApiBaseUrl;
}
