using NasAssistant.Gateway.Channels.Mqtt;

namespace NasAssistant.Gateway.Tests.Channels.Mqtt;

public sealed class MqttTopicsTests
{
    private static readonly MqttTopics Topics = new("nas-assistant/home");

    [Theory]
    [InlineData("nas-assistant/home/ask/alice", "alice")]
    [InlineData("nas-assistant/home/ask/kitchen-panel", "kitchen-panel")]
    [InlineData("nas-assistant/home/ask/", null)]
    [InlineData("nas-assistant/home/ask/alice/kitchen", null)]
    [InlineData("nas-assistant/home/answer/alice", null)]
    [InlineData("nas-assistant/homes/ask/alice", null)]
    [InlineData("other/nas-assistant/home/ask/alice", null)]
    public void UserOf_IsTheOneLevelAfterAsk(string topic, string? user) =>
        Assert.Equal(user, Topics.UserOf(topic));

    [Theory]
    [InlineData("nas-assistant/home/answer/alice/kitchen", true)]
    [InlineData("home-assistant/answers", true)]
    [InlineData("nas-assistant/home/ask/alice/replies", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("nas-assistant/home/answer/+", false)]
    [InlineData("nas-assistant/home/answer/#", false)]
    [InlineData("$SYS/broker/answers", false)]
    [InlineData("nas-assistant/home/ask/alice", false)]
    [InlineData("nas-assistant/home/ask/bob", false)]
    public void CanAnswerOn_RefusesWildcardsSystemTopicsAndQuestionTopics(string? responseTopic, bool usable) =>
        Assert.Equal(usable, Topics.CanAnswerOn(responseTopic));

    [Fact]
    public void ChannelWithoutBaseTopic_UsesNasAssistantAndItsName()
    {
        var topics = MqttTopics.Of(new Runtime.Config.Gateway.ChannelConfig { Name = "garden", Mqtt = new Runtime.Config.Gateway.MqttChannelConfig { Host = "broker.lan" } });

        Assert.Equal("nas-assistant/garden/ask/+", topics.AskFilter);
        Assert.Equal("nas-assistant/garden/answer/bob", topics.AnswerTopic("bob"));
    }
}
