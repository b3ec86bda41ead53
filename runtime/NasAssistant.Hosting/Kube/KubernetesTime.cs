using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasAssistant.Hosting.Kube;

/// <summary>
/// Kubernetes timestamps (metav1.Time and MicroTime) as KubernetesClient writes and reads them: RFC 3339 in UTC, with six
/// fractional digits when there is a fraction; reading takes any RFC 3339 form, nanoseconds included.
/// </summary>
public sealed class KubernetesTime : JsonConverter<DateTime>
{
    /// <inheritdoc />
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("a timestamp is null");

        // .NET keeps seven fractional digits; Go writes up to nine.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = text[..(dot + 8)] + text[end..];
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value.UtcDateTime
            : throw new JsonException($"'{reader.GetString()}' is not an RFC 3339 timestamp");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        writer.WriteStringValue(utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
