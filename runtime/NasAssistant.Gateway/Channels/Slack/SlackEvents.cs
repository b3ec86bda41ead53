using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using NasAssistant.Gateway.Delivery;
using static NasAssistant.Gateway.Channels.Webhooks.JsonFields;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>
/// Reads what Slack posts: Events API callbacks (JSON, <c>type</c> <c>event_callback</c>, with the <c>team_id</c>
/// and the <c>event_id</c> that redeliveries repeat) and slash commands (a form, with the <c>trigger_id</c>). For
/// the assistant are: a person's direct message to the bot (<c>message</c> with <c>channel_type</c> im, no
/// <c>subtype</c>, no <c>bot_id</c>: the chat is <c>TEAM:USER</c>), a mention of the bot in a channel
/// (<c>app_mention</c>: the chat is <c>TEAM:CHANNEL</c>, answered in the message's thread), and the commands
/// (<c>/new</c>, <c>/sources</c>, <c>/start</c> registered to this webhook, since Slack does not let a message
/// start with '/'). The bot's <c>&lt;@id&gt;</c> is removed and Slack's escapes (<c>&amp;amp;</c>, <c>&amp;lt;</c>,
/// <c>&amp;gt;</c>) are undone.
/// </summary>
internal static class SlackEvents
{
    /// <summary>The route key of the channel the answer goes to.</summary>
    public const string ChannelKey = "channel";

    /// <summary>The route key of the thread the answer goes to, when it goes to one.</summary>
    public const string ThreadKey = "thread";

    /// <summary>The message in event callback <paramref name="root"/> for bot <paramref name="botUser"/>, with its route, or null.</summary>
    public static (InboundMessage Message, Dictionary<string, string> Route)? Message(JsonElement root, string botUser)
    {
        if (String(root, "type") != "event_callback"
            || String(root, "event_id") is not { Length: > 0 } eventId
            || String(root, "team_id") is not { Length: > 0 } team
            || !root.TryGetProperty("event", out var @event)
            || String(@event, "user") is not { Length: > 0 } user || user == botUser
            || String(@event, "channel") is not { Length: > 0 } channel
            || String(@event, "text") is not { } raw
            || @event.TryGetProperty("bot_id", out _) || @event.TryGetProperty("subtype", out _))
        {
            return null;
        }

        var route = new Dictionary<string, string>(StringComparer.Ordinal) { [ChannelKey] = channel };
        bool isGroup;
        switch (String(@event, "type"))
        {
            case "message" when String(@event, "channel_type") == "im":
                isGroup = false;
                break;
            case "app_mention":
                isGroup = true;
                if ((String(@event, "thread_ts") ?? String(@event, "ts")) is { Length: > 0 } thread)
                {
                    route[ThreadKey] = thread;
                }

                break;
            default:
                // Messages in channels come as app_mention when they are for the bot; their message event too would answer twice.
                return null;
        }

        var text = Clean(raw, botUser);
        return text.Length == 0
            ? null
            : (new InboundMessage(eventId, $"{team}:{(isGroup ? channel : user)}", $"{team}:{user}", text, isGroup, Stopwatch.GetTimestamp()), route);
    }

    /// <summary>The command in slash command <paramref name="form"/>, as a message (<c>/new</c> and its text), with its route, or null.</summary>
    public static (InboundMessage Message, Dictionary<string, string> Route)? Command(Dictionary<string, StringValues> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        string Field(string name) => form.GetValueOrDefault(name).ToString();
        string command = Field("command"), team = Field("team_id"), user = Field("user_id"), channel = Field("channel_id"), trigger = Field("trigger_id");
        if (!command.StartsWith('/') || team.Length == 0 || user.Length == 0 || channel.Length == 0 || trigger.Length == 0)
        {
            return null;
        }

        // A direct message channel's id starts with D: the command is the person's own, as their messages are.
        var isGroup = !channel.StartsWith('D');
        var text = $"{command} {WebUtility.HtmlDecode(Field("text"))}".Trim();
        var route = new Dictionary<string, string>(StringComparer.Ordinal) { [ChannelKey] = channel };
        return (new InboundMessage(trigger, $"{team}:{(isGroup ? channel : user)}", $"{team}:{user}", text, isGroup, Stopwatch.GetTimestamp()), route);
    }

    private static string Clean(string text, string botUser) =>
        text.Replace($"<@{botUser}>", string.Empty, StringComparison.Ordinal)
            .Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal)
            .Trim();
}
