namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// A Feishu (飞书) or Lark custom app with a bot: events are posted to the gateway (event subscription by
/// request URL), answers go through the message API with a tenant access token from the app's id and secret.
/// </summary>
public sealed record FeishuChannelConfig
{
    /// <summary>The app's App ID (<c>cli_...</c>).</summary>
    public string AppId { get; init; } = string.Empty;

    /// <summary>File holding the app's App Secret; reloaded when it changes.</summary>
    public string AppSecretFile { get; init; } = string.Empty;

    /// <summary>File holding the event subscription's Verification Token (in every event); reloaded when it changes.</summary>
    public string VerificationTokenFile { get; init; } = string.Empty;

    /// <summary>File holding the Encrypt Key, when the subscription encrypts events (then signatures are checked too); reloaded when it changes.</summary>
    public string? EncryptKeyFile { get; init; }

    /// <summary>The Open Platform server: Feishu's, or <c>https://open.larksuite.com</c> for Lark.</summary>
    public string ApiBaseUrl { get; init; } = GatewayDefaults.FeishuApiBaseUrl;
}
