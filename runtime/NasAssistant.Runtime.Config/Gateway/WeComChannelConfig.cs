namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// A WeCom (企业微信) self-built application that receives its members' messages by callback (the "接收消息"
/// URL, with Token and EncodingAESKey) and answers through the message API (<c>message/send</c>).
/// </summary>
public sealed record WeComChannelConfig
{
    /// <summary>The company's CorpID (<c>ww...</c>): callbacks decrypted for any other are refused.</summary>
    public string CorpId { get; init; } = string.Empty;

    /// <summary>The application's AgentId, as shown on its page in the admin console.</summary>
    public long AgentId { get; init; }

    /// <summary>File holding the callback Token (signs every callback with SHA-1); reloaded when it changes.</summary>
    public string TokenFile { get; init; } = string.Empty;

    /// <summary>File holding the callback EncodingAESKey (43 characters, encrypts every callback); reloaded when it changes.</summary>
    public string EncodingAesKeyFile { get; init; } = string.Empty;

    /// <summary>File holding the application's Secret (fetches the access token for <c>message/send</c>); reloaded when it changes.</summary>
    public string SecretFile { get; init; } = string.Empty;

    /// <summary>The WeCom API server.</summary>
    public string ApiBaseUrl { get; init; } = GatewayDefaults.WeComApiBaseUrl;
}
