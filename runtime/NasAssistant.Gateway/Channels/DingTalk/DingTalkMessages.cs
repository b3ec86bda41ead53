using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NasAssistant.Gateway.Delivery;
using static NasAssistant.Gateway.Channels.Webhooks.JsonFields;

namespace NasAssistant.Gateway.Channels.DingTalk;

/// <summary>
/// Reads the body DingTalk posts to a robot ("接收消息"): <c>msgtype</c> (text), <c>text.content</c>, <c>msgId</c>,
/// <c>conversationType</c> ("1" private, "2" group, where only messages that @ the robot arrive),
/// <c>conversationId</c>, <c>senderStaffId</c> (the member's userid in the robot's own organisation) or else
/// <c>senderId</c> (an id DingTalk encrypts for this robot), <c>sessionWebhook</c> and
/// <c>sessionWebhookExpiredTime</c> (Unix milliseconds).
/// </summary>
internal static class DingTalkMessages
{
    /// <summary>The route key of the session webhook.</summary>
    public const string WebhookKey = "webhook";

    /// <summary>The route key of the session webhook's expiry, Unix milliseconds.</summary>
    public const string ExpiresKey = "expires";

    /// <summary>The text message in <paramref name="body"/> and its route, or null when there is none.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static (InboundMessage Message, Dictionary<string, string> Route)? Read(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (String(root, "msgtype") != "text"
            || !root.TryGetProperty("text", out var text) || String(text, "content")?.Trim() is not { Length: > 0 } content
            || String(root, "msgId") is not { Length: > 0 } id
            || String(root, "sessionWebhook") is not { Length: > 0 } webhook
            || !root.TryGetProperty("sessionWebhookExpiredTime", out var expires) || !expires.TryGetInt64(out var expiresAt))
        {
            return null;
        }

        var sender = String(root, "senderStaffId") is { Length: > 0 } staff ? staff : String(root, "senderId");
        var isGroup = String(root, "conversationType") == "2";
        var chat = isGroup ? String(root, "conversationId") : sender;
        if (string.IsNullOrEmpty(sender) || string.IsNullOrEmpty(chat))
        {
            return null;
        }

        var route = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WebhookKey] = webhook,
            [ExpiresKey] = expiresAt.ToString(CultureInfo.InvariantCulture),
        };
        return (new InboundMessage(id, chat, sender, content, isGroup, Stopwatch.GetTimestamp()), route);
    }
}
