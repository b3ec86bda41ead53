using System.Text;
using System.Text.Json;
using MQTTnet;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>
/// A question read from <c>BASE/ask/USER</c>. Its payload is the question's text, or a JSON object
/// <c>{"id": "...", "text": "..."}</c>. Its id is the MQTT 5 correlation data, else the JSON <c>id</c>: the asker
/// keeps it on every retry and the broker on every redelivery, so <c>USER/id</c> is the delivery id that the
/// journal and the assistant's idempotency key are made from. The answer goes to the MQTT 5 response topic
/// with the correlation data, else to <c>BASE/answer/USER</c>.
/// </summary>
/// <param name="Message">The question as the turn handler takes it.</param>
/// <param name="ReplyTopic">Where the answer goes.</param>
/// <param name="CorrelationData">The MQTT 5 correlation data, returned with the answer; null without one.</param>
/// <param name="Id">The JSON <c>id</c>, returned in the answer's JSON; null without one.</param>
/// <param name="Problem">Why the message cannot be answered (no id, not UTF-8...), told to the asker; null when it can.</param>
internal sealed record MqttQuestion(InboundMessage Message, string ReplyTopic, byte[]? CorrelationData, JsonElement? Id, string? Problem)
{
    /// <summary>Told when a question has no id.</summary>
    public const string MissingId =
        "A question needs an id, so that it is answered once: MQTT 5 correlation data, or \"id\" in a JSON payload {\"id\": \"...\", \"text\": \"...\"}.";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Reads the question in <paramref name="message"/>, received at <paramref name="arrivedTimestamp"/>; null when its topic is not a question topic.</summary>
    public static MqttQuestion? Read(MqttApplicationMessage message, MqttTopics topics, long arrivedTimestamp)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.UserOf(message.Topic) is not { } user)
        {
            return null;
        }

        var replyTopic = topics.CanAnswerOn(message.ResponseTopic) ? message.ResponseTopic : topics.AnswerTopic(user);
        var correlation = message.CorrelationData is { Length: > 0 } data ? data : null;
        MqttQuestion Refuse(string problem) =>
            new(new InboundMessage($"{user}/", user, user, string.Empty, false, arrivedTimestamp), replyTopic, correlation, null, problem);

        string text;
        try
        {
            text = StrictUtf8.GetString(message.Payload);
        }
        catch (DecoderFallbackException)
        {
            return Refuse("The question is not UTF-8 text.");
        }

        JsonElement? id = null;
        if (text.TrimStart().StartsWith('{'))
        {
            if (ReadJson(text) is not { } json)
            {
                return Refuse("The question starts with '{' but is not a JSON object {\"id\": \"...\", \"text\": \"...\"}.");
            }

            (id, text) = json;
        }

        var key = correlation ?? (id is { } value ? Encoding.UTF8.GetBytes(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()) : null);
        if (key is not { Length: > 0 })
        {
            return Refuse(MissingId);
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            return Refuse("The question is empty.");
        }

        var delivery = $"{user}/{Convert.ToHexStringLower(key)}";
        return new MqttQuestion(new InboundMessage(delivery, user, user, text, false, arrivedTimestamp), replyTopic, correlation, id, null);
    }

    private static (JsonElement? Id, string Text)? ReadJson(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            JsonElement? id = root.TryGetProperty("id", out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? value.Clone()
                : null;
            return (id, text.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
