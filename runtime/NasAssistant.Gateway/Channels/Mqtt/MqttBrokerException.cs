namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>The broker refused the gateway or dropped it; <see cref="Reason"/> is what the channel's status shows (<see cref="ChannelReasons"/>).</summary>
internal sealed class MqttBrokerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MqttBrokerException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public MqttBrokerException()
    {
        Reason = ChannelReasons.Unreachable;
    }

    /// <summary>Creates the exception.</summary>
    public MqttBrokerException(string message)
        : this(ChannelReasons.Unreachable, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MqttBrokerException(string message, Exception innerException)
        : this(ChannelReasons.Unreachable, message, innerException)
    {
    }

    /// <summary>The channel's status reason.</summary>
    public string Reason { get; }
}
