using System.Text.Json;

namespace NasAssistant.Runtime.Chat;

/// <summary>One message of a chat request.</summary>
internal sealed record ChatMessageRequest
{
    /// <summary>system, developer, user or assistant.</summary>
    public string? Role { get; init; }

    /// <summary>A string, or an array of content parts of which the text parts are read.</summary>
    public JsonElement Content { get; init; }
}
