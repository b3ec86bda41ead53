using System.Diagnostics;
using System.Text.Json;
using NasAssistant.Gateway.Delivery;
using static NasAssistant.Gateway.Channels.Webhooks.JsonFields;

namespace NasAssistant.Gateway.Channels.Feishu;

/// <summary>
/// Reads Feishu's (decrypted) event bodies: the request URL check (<c>{"type":"url_verification","token",
/// "challenge"}</c>) and schema 2.0 events, whose <c>header</c> has the <c>event_id</c> (the same on every
/// redelivery), the <c>token</c> and the <c>event_type</c>. A message (<c>im.message.receive_v1</c>) is for the
/// assistant when a user sent text, privately (<c>chat_type</c> p2p: the chat is the sender's <c>open_id</c>) or
/// in a group mentioning the bot (the chat is the group's <c>chat_id</c>); mention placeholders
/// (<c>@_user_1</c>) become the mentioned names, the bot's own disappears.
/// </summary>
internal static class FeishuEvents
{
    /// <summary>The route key of the chat the answer goes to.</summary>
    public const string ChatKey = "chat";

    /// <summary>True when <paramref name="root"/> is the request URL check.</summary>
    public static bool IsChallenge(JsonElement root) => String(root, "type") == "url_verification";

    /// <summary>The verification token <paramref name="root"/> carries (a challenge's, or a 2.0 event header's).</summary>
    public static string? Token(JsonElement root) =>
        IsChallenge(root) ? String(root, "token") : root.TryGetProperty("header", out var header) ? String(header, "token") : null;

    /// <summary>The text message in event <paramref name="root"/> for bot <paramref name="botOpenId"/>, with its route, or null when there is none.</summary>
    public static (InboundMessage Message, Dictionary<string, string> Route)? Message(JsonElement root, string botOpenId)
    {
        if (!root.TryGetProperty("header", out var header) || String(header, "event_type") != "im.message.receive_v1"
            || String(header, "event_id") is not { Length: > 0 } eventId
            || !root.TryGetProperty("event", out var @event)
            || !@event.TryGetProperty("sender", out var sender) || String(sender, "sender_type") != "user"
            || !sender.TryGetProperty("sender_id", out var senderIds) || String(senderIds, "open_id") is not { Length: > 0 } openId
            || !@event.TryGetProperty("message", out var message) || String(message, "message_type") != "text"
            || String(message, "chat_id") is not { Length: > 0 } chatId
            || String(message, "content") is not { } content)
        {
            return null;
        }

        var isGroup = String(message, "chat_type") != "p2p";
        var text = Text(content);
        var addressed = !isGroup;
        if (message.TryGetProperty("mentions", out var mentions) && mentions.ValueKind == JsonValueKind.Array)
        {
            foreach (var mention in mentions.EnumerateArray())
            {
                var isBot = mention.TryGetProperty("id", out var id) && String(id, "open_id") == botOpenId;
                addressed |= isBot;
                if (String(mention, "key") is { Length: > 0 } key)
                {
                    text = text.Replace(key, isBot ? string.Empty : "@" + String(mention, "name"), StringComparison.Ordinal);
                }
            }
        }

        text = text.Trim();
        if (!addressed || text.Length == 0)
        {
            return null;
        }

        var route = new Dictionary<string, string>(StringComparer.Ordinal) { [ChatKey] = chatId };
        return (new InboundMessage(eventId, isGroup ? chatId : openId, openId, text, isGroup, Stopwatch.GetTimestamp()), route);
    }

    private static string Text(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return String(document.RootElement, "text") ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}
