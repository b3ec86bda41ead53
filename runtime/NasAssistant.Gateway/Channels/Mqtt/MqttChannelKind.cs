using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>The <c>mqtt</c> kind: questions from home automation through an MQTT broker, with <c>MQTTnet</c>.</summary>
internal sealed class MqttChannelKind : IChannelKind
{
    /// <inheritdoc />
    public string Name => ChannelKindNames.Mqtt;

    /// <inheritdoc />
    public bool Handles(ChannelConfig channel) => channel?.Mqtt is not null;

    /// <inheritdoc />
    public bool TakesWebhooks(ChannelConfig channel) => false;

    /// <inheritdoc />
    public IChannelAdapter Create(ChannelContext context) => new MqttChannel(context);
}
