using System.Text.Json;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>Reads the fields of the platforms' JSON leniently: a field that is missing or of another type is null.</summary>
internal static class JsonFields
{
    /// <summary>The string field <paramref name="name"/> of <paramref name="element"/>, or null.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The integer field <paramref name="name"/> of <paramref name="element"/>, or null.</summary>
    public static long? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
