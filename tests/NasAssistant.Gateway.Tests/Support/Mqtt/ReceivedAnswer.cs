using System.Text.Json;

namespace NasAssistant.Gateway.Tests.Support.Mqtt;

/// <summary>An answer an <see cref="MqttAsker"/> received.</summary>
public sealed record ReceivedAnswer(string Topic, string Payload, byte[]? CorrelationData, string? ContentType, bool Duplicate)
{
    /// <summary>The answer's <c>text</c>.</summary>
    public string Text => Json.GetProperty("text").GetString()!;

    /// <summary>The answer's <c>id</c> as JSON text, or null without one.</summary>
    public string? Id => Json.TryGetProperty("id", out var id) ? id.GetRawText() : null;

    /// <summary>The correlation data as text.</summary>
    public string? Correlation => CorrelationData is null ? null : System.Text.Encoding.UTF8.GetString(CorrelationData);

    private JsonElement Json => JsonDocument.Parse(Payload).RootElement;
}
