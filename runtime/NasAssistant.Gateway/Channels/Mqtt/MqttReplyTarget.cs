using System.Text.Encodings.Web;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>
/// Publishes the answer to one <see cref="MqttQuestion"/> with QoS 1: <c>{"id": ..., "text": "..."}</c> (the id as
/// the question gave it in JSON, left out otherwise), as <c>application/json</c>, with the question's MQTT 5
/// correlation data. A send returns once the broker acknowledged it (PUBACK); a broker that refuses the topic for
/// good (not authorized, invalid) makes the reply undeliverable.
/// </summary>
internal sealed class MqttReplyTarget(IMqttClient client, MqttQuestion question) : IReplyTarget
{
    /// <summary>Characters per answer message: far above any assistant's reply, so an answer is one message; a longer one goes as several, in order, with the same id.</summary>
    public const int MessageLimit = 100_000;

    /// <inheritdoc />
    public int MaxMessageLength => MessageLimit;

    /// <summary>The answer's payload.</summary>
    public static byte[] Payload(JsonElement? id, string text)
    {
        using var buffer = new MemoryStream();
        // Text as plain UTF-8, as the runtime's JSON carries it: an answer is data for automations, never HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (id is { } value)
            {
                json.WritePropertyName("id");
                value.WriteTo(json);
            }

            json.WriteString("text", text);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var answer = new MqttApplicationMessageBuilder()
            .WithTopic(question.ReplyTopic)
            .WithPayload(Payload(question.Id, text))
            .WithContentType("application/json")
            .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (question.CorrelationData is { } correlation)
        {
            answer.WithCorrelationData(correlation);
        }

        var result = await client.PublishAsync(answer.Build(), cancellationToken);
        switch (result.ReasonCode)
        {
            case MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers:
                // Taken by the broker; with no subscriber nobody hears it, which asking again cannot change.
                return;
            case MqttClientPublishReasonCode.NotAuthorized or MqttClientPublishReasonCode.TopicNameInvalid or MqttClientPublishReasonCode.PayloadFormatInvalid:
                throw new ReplyUndeliverableException($"the broker refused the answer on {question.ReplyTopic} ({result.ReasonCode})");
            default:
                throw new MqttBrokerException(ChannelReasons.Unreachable, $"the broker did not take the answer on {question.ReplyTopic} ({result.ReasonCode} {result.ReasonString})");
        }
    }

    /// <inheritdoc />
    public Task ShowTypingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
