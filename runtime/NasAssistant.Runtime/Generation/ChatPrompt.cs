using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NasAssistant.Runtime.Generation;

/// <summary>
/// Turns chat messages into what a generative model reads: the JSON its chat template takes, or, for a
/// model without a template, a plain transcript.
/// </summary>
/// <remarks>
/// The fallback transcript has one line per message, <c>Role: content</c> with the role capitalised,
/// and ends with <c>Assistant:</c> for the model to continue:
/// <code>
/// System: You are terse.
/// User: Hello
/// Assistant: Hi.
/// User: How are you?
/// Assistant:
/// </code>
/// A model without a template is usually a base model that goes on to write the user's next line
/// itself, so <see cref="FallbackStop"/> ends its reply there.
/// </remarks>
internal static class ChatPrompt
{
    /// <summary>Stop sequence added to every request that uses the fallback transcript.</summary>
    public const string FallbackStop = "\nUser:";

    /// <summary>The messages as the JSON array of <c>{"role", "content"}</c> objects that chat templates iterate over.</summary>
    public static string ToJson(IReadOnlyList<ChatTurn> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteString("content", message.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The messages as the fallback transcript described on <see cref="ChatPrompt"/>.</summary>
    public static string Fallback(IReadOnlyList<ChatTurn> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            text.Append(Capitalise(message.Role)).Append(": ").Append(message.Content).Append('\n');
        }

        return text.Append("Assistant:").ToString();
    }

    private static string Capitalise(string role) =>
        role.Length == 0 ? role : char.ToUpper(role[0], CultureInfo.InvariantCulture) + role[1..].ToLowerInvariant();
}
