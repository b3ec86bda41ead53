using System.Text;
using MQTTnet;
using NasAssistant.Gateway.Channels.Mqtt;

namespace NasAssistant.Gateway.Tests.Channels.Mqtt;

public sealed class MqttQuestionTests
{
    private const string Ask = "nas-assistant/home/ask/alice";
    private const string Fallback = "nas-assistant/home/answer/alice";
    private static readonly MqttTopics Topics = new("nas-assistant/home");

    [Fact]
    public void Mqtt5Question_IsItsPayload_IdentifiedByItsCorrelationData_AnsweredOnItsResponseTopic()
    {
        var question = Read(new MqttApplicationMessageBuilder().WithTopic(Ask).WithPayload("  When does the backup run?\n")
            .WithResponseTopic("nas-assistant/home/answer/alice/kitchen").WithCorrelationData([0x01, 0xab]));

        Assert.NotNull(question);
        Assert.Null(question.Problem);
        Assert.Equal("When does the backup run?", question.Message.Text);
        Assert.Equal(("alice", "alice", "alice/01ab"), (question.Message.ChatId, question.Message.SenderId, question.Message.DeliveryId));
        Assert.Equal("nas-assistant/home/answer/alice/kitchen", question.ReplyTopic);
        Assert.Equal([0x01, 0xab], question.CorrelationData);
        Assert.Null(question.Id);
    }

    [Theory]
    [InlineData("""{"id": "backup-1", "text": "When does the backup run?"}""", "backup-1", "\"backup-1\"")]
    [InlineData("""{"id": 42, "text": "When does the backup run?"}""", "42", "42")]
    [InlineData("""  {"text": "When does the backup run?", "id": "x", "extra": true}""", "x", "\"x\"")]
    public void JsonQuestion_IsIdentifiedByItsId_AndAnsweredOnTheUsersAnswerTopic(string payload, string key, string id)
    {
        var question = Read(new MqttApplicationMessageBuilder().WithTopic(Ask).WithPayload(payload));

        Assert.NotNull(question);
        Assert.Null(question.Problem);
        Assert.Equal("When does the backup run?", question.Message.Text);
        Assert.Equal($"alice/{Convert.ToHexStringLower(Encoding.UTF8.GetBytes(key))}", question.Message.DeliveryId);
        Assert.Equal(Fallback, question.ReplyTopic);
        Assert.Equal(id, question.Id?.GetRawText());
    }

    [Fact]
    public void CorrelationData_WinsOverTheJsonId_AndAQuestionTopicAsResponseTopicFallsBack()
    {
        var question = Read(new MqttApplicationMessageBuilder().WithTopic(Ask).WithPayload("""{"id": "json", "text": "Hi"}""")
            .WithResponseTopic(Ask).WithCorrelationData("mqtt"u8.ToArray()));

        Assert.Equal($"alice/{Convert.ToHexStringLower("mqtt"u8)}", question!.Message.DeliveryId);
        Assert.Equal("\"json\"", question.Id?.GetRawText());
        Assert.Equal(Fallback, question.ReplyTopic);
    }

    [Theory]
    [InlineData("What is the guest wifi password?", MqttQuestion.MissingId)]
    [InlineData("""{"text": "Hi"}""", MqttQuestion.MissingId)]
    [InlineData("""{"id": ["a"], "text": "Hi"}""", MqttQuestion.MissingId)]
    [InlineData("""{"id": "x"}""", "is not a JSON object")]
    [InlineData("""{"id": "x", "text": 5}""", "is not a JSON object")]
    [InlineData("""{"id": "x", "text": "Hi" """, "is not a JSON object")]
    [InlineData("""{"id": "x", "text": " "}""", "The question is empty.")]
    public void UnusableQuestion_CarriesItsProblem(string payload, string problem)
    {
        var question = Read(new MqttApplicationMessageBuilder().WithTopic(Ask).WithPayload(payload));

        Assert.Contains(problem, question!.Problem, StringComparison.Ordinal);
        Assert.Equal(Fallback, question.ReplyTopic);
        Assert.Equal("alice", question.Message.SenderId);
    }

    [Fact]
    public void PayloadThatIsNotUtf8_CarriesItsProblem()
    {
        var question = Read(new MqttApplicationMessageBuilder().WithTopic(Ask).WithPayload(new byte[] { 0xc3, 0x28 }).WithCorrelationData([1]));

        Assert.Equal("The question is not UTF-8 text.", question!.Problem);
    }

    [Fact]
    public void MessageOutsideTheQuestionTopics_IsNoQuestion() =>
        Assert.Null(Read(new MqttApplicationMessageBuilder().WithTopic("nas-assistant/home/answer/alice").WithPayload("Hi").WithCorrelationData([1])));

    private static MqttQuestion? Read(MqttApplicationMessageBuilder message) => MqttQuestion.Read(message.Build(), Topics, 0);
}
