namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>
/// A platform's API failed in a way that may pass (unreachable, rate-limited, credentials refused): the reply
/// is tried again later. <see cref="Reason"/> is what the channel's status shows; the message names no secret.
/// </summary>
internal sealed class PlatformException : Exception
{
    /// <summary>Creates the exception for <paramref name="reason"/> (a <see cref="ChannelReasons"/> value).</summary>
    public PlatformException(string reason, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an <see cref="ChannelReasons.Unreachable"/> exception.</summary>
    public PlatformException(string message, Exception innerException)
        : this(ChannelReasons.Unreachable, message, null, innerException)
    {
    }

    /// <summary>Creates an <see cref="ChannelReasons.Unreachable"/> exception.</summary>
    public PlatformException(string message)
        : this(ChannelReasons.Unreachable, message)
    {
    }

    /// <summary>Creates an <see cref="ChannelReasons.Unreachable"/> exception.</summary>
    public PlatformException()
        : this(ChannelReasons.Unreachable, "the platform failed")
    {
    }

    /// <summary>Why: <see cref="ChannelReasons.Unreachable"/>, <see cref="ChannelReasons.RateLimited"/> or <see cref="ChannelReasons.BadToken"/>.</summary>
    public string Reason { get; }

    /// <summary>With <see cref="ChannelReasons.RateLimited"/>: how long the platform asked to wait.</summary>
    public TimeSpan? RetryAfter { get; }
}
