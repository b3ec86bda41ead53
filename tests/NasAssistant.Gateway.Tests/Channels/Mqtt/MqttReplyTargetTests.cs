using System.Text;
using System.Text.Json;
using NasAssistant.Gateway.Channels.Mqtt;

namespace NasAssistant.Gateway.Tests.Channels.Mqtt;

public sealed class MqttReplyTargetTests
{
    [Theory]
    [InlineData(null, "The backup runs at 02:00.", """{"text":"The backup runs at 02:00."}""")]
    [InlineData("\"backup-1\"", "The backup runs at 02:00.", """{"id":"backup-1","text":"The backup runs at 02:00."}""")]
    [InlineData("42", "Line one\nLine \"two\"", """{"id":42,"text":"Line one\nLine \"two\""}""")]
    [InlineData("\"温度\"", "客厅 21 °C", """{"id":"温度","text":"客厅 21 °C"}""")]
    public void Answer_IsJsonWithTheQuestionsIdAsGiven_AndPlainUtf8Text(string? id, string text, string payload)
    {
        JsonElement? given = id is null ? null : JsonDocument.Parse(id).RootElement.Clone();

        Assert.Equal(payload, Encoding.UTF8.GetString(MqttReplyTarget.Payload(given, text)));
    }
}
