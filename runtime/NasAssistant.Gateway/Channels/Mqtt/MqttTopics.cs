using MQTTnet;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>
/// A channel's topics: questions on <c>BASE/ask/USER</c>, answers on <c>BASE/answer/USER</c> unless an MQTT 5
/// question names its own response topic. <c>USER</c> is who asks; the broker's ACL can tie it to the login
/// (Mosquitto: <c>pattern write BASE/ask/%u</c>), since an MQTT message carries no sender of its own.
/// </summary>
internal sealed class MqttTopics
{
    private readonly string _askPrefix;

    /// <summary>The topics under <paramref name="baseTopic"/>.</summary>
    public MqttTopics(string baseTopic)
    {
        Base = baseTopic;
        _askPrefix = baseTopic + "/ask/";
        AskFilter = _askPrefix + "+";
    }

    /// <summary>The prefix of every topic of the channel.</summary>
    public string Base { get; }

    /// <summary>The subscription that receives every user's questions.</summary>
    public string AskFilter { get; }

    /// <summary>The topics of <paramref name="channel"/>: its configured base topic, else <c>nas-assistant/CHANNEL</c>.</summary>
    public static MqttTopics Of(ChannelConfig channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new MqttTopics(channel.Mqtt?.BaseTopic ?? $"nas-assistant/{channel.Name}");
    }

    /// <summary>Where <paramref name="user"/>'s answers go when the question names no response topic.</summary>
    public string AnswerTopic(string user) => $"{Base}/answer/{user}";

    /// <summary>The user who asked on <paramref name="topic"/>, or null when it is not a question topic.</summary>
    public string? UserOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (!topic.StartsWith(_askPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var user = topic[_askPrefix.Length..];
        return user.Length > 0 && !user.Contains('/', StringComparison.Ordinal) ? user : null;
    }

    /// <summary>
    /// True when an answer may be published on <paramref name="responseTopic"/>: a valid topic name, not a system
    /// topic, and not a question topic (an answer published there would come back as a question).
    /// </summary>
    public bool CanAnswerOn(string? responseTopic) =>
        !string.IsNullOrEmpty(responseTopic)
        && responseTopic.IndexOfAny(['+', '#', '\0']) < 0
        && !responseTopic.StartsWith('$')
        && MqttTopicFilterComparer.Compare(responseTopic, AskFilter) != MqttTopicFilterCompareResult.IsMatch;
}
