using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using NasAssistant.Gateway.Delivery;
using static NasAssistant.Gateway.Channels.Webhooks.JsonFields;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>
/// Reads an outgoing webhook's post in the Slack-compatible format Mattermost and Rocket.Chat send, as a form
/// or as JSON: <c>token</c>, <c>channel_id</c>, <c>user_id</c>, <c>text</c>, <c>trigger_word</c> (removed from the
/// text's start) and the message's id, <c>post_id</c> (Mattermost) or <c>message_id</c> (Rocket.Chat), the
/// delivery id. Outgoing webhooks fire in channels, so the channel is the chat. Rocket.Chat marks a bot's own
/// message with a <c>bot</c> object: those are not answered.
/// </summary>
internal static class OutgoingWebhookMessages
{
    /// <summary>The token and message in <paramref name="body"/> (the message null when there is none for the assistant), or null when the body is neither JSON nor a form.</summary>
    public static (string? Token, InboundMessage? Message)? Read(byte[] body, bool isForm)
    {
        Func<string, string?> field;
        var fromBot = false;
        if (isForm)
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            field = name => form.TryGetValue(name, out var value) ? value.ToString() : null;
        }
        else
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(body);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }

            field = name => String(root, name);
            fromBot = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("bot", out var bot) && bot.ValueKind == JsonValueKind.Object;
        }

        var text = field("text") ?? string.Empty;
        if (field("trigger_word") is { Length: > 0 } trigger && text.StartsWith(trigger, StringComparison.Ordinal))
        {
            text = text[trigger.Length..];
        }

        text = text.Trim();
        var id = field("post_id") ?? field("message_id");
        var channel = field("channel_id");
        var user = field("user_id");
        var message = fromBot || text.Length == 0 || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(user)
            ? null
            : new InboundMessage(id, channel, user, text, IsGroup: true, Stopwatch.GetTimestamp());
        return (field("token"), message);
    }
}
