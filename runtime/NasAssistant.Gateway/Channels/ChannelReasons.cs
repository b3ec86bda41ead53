namespace NasAssistant.Gateway.Channels;

/// <summary>Why a channel is (not) ready: the reasons the operator copies into the <c>ChannelReady</c> condition.</summary>
internal static class ChannelReasons
{
    /// <summary>Ready: connected to the platform and receiving.</summary>
    public const string Connected = "Connected";

    /// <summary>Not ready yet: connecting.</summary>
    public const string Starting = "Starting";

    /// <summary>This instance is a standby; the active instance serves the channel.</summary>
    public const string Standby = "Standby";

    /// <summary>The platform refused the token or credentials (Telegram: 401 or 404 on getMe).</summary>
    public const string BadToken = "BadToken";

    /// <summary>A secret file is missing or empty.</summary>
    public const string SecretMissing = "SecretMissing";

    /// <summary>The platform cannot be reached (DNS, connection, TLS, 5xx).</summary>
    public const string Unreachable = "Unreachable";

    /// <summary>The platform asked to slow down (429); the gateway waits as told.</summary>
    public const string RateLimited = "RateLimited";

    /// <summary>Another consumer uses the bot (Telegram: 409, a webhook or another poller).</summary>
    public const string Conflict = "Conflict";

    /// <summary>The assistant cannot be reached; messages wait unconfirmed on the platform until it can.</summary>
    public const string AssistantUnavailable = "AssistantUnavailable";
}
