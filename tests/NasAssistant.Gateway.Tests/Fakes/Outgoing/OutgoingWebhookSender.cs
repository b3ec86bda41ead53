using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace NasAssistant.Gateway.Tests.Fakes.Outgoing;

/// <summary>
/// What Mattermost and Rocket.Chat do with an outgoing webhook, written from their documentation: a channel
/// message that starts with the trigger word is POSTed with the webhook's token (Mattermost: a form by default, or
/// JSON; Rocket.Chat: JSON, with <c>bot</c> set on a bot's message), and the response's <c>text</c> is posted in the
/// channel. See README.md for what it does not cover.
/// </summary>
public sealed class OutgoingWebhookSender(string token) : IDisposable
{
    /// <summary>The trigger word the webhook fires on.</summary>
    public const string TriggerWord = "@assistant";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The token the platform generated for the webhook.</summary>
    public string Token { get; } = token;

    /// <summary>A fresh token, as the platforms generate them (26 lowercase letters and digits).</summary>
    public static string NewToken() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 26);

    /// <summary>Mattermost posts <paramref name="text"/> (without the trigger word) written in <paramref name="channel"/>; returns the status and the text it would post, or null.</summary>
    public async Task<(int Status, string? Answer)> MattermostAsync(Uri webhook, string postId, string channel, string user, string text, bool json = false, string? token = null)
    {
        var fields = new Dictionary<string, string?>
        {
            ["token"] = token ?? Token,
            ["team_id"] = "fa4kz3f8yjbntqxqo4kqxjwxzh",
            ["team_domain"] = "family",
            ["channel_id"] = channel,
            ["channel_name"] = "town-square",
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["user_id"] = user,
            ["user_name"] = "alice",
            ["post_id"] = postId,
            ["text"] = $"{TriggerWord} {text}",
            ["trigger_word"] = TriggerWord,
            ["file_ids"] = string.Empty,
        };
        using HttpContent content = json
            ? JsonContent.Create(fields)
            : new StringContent(QueryHelpers.AddQueryString(string.Empty, fields)[1..], System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        return await PostAsync(webhook, content);
    }

    /// <summary>Rocket.Chat posts <paramref name="text"/>; <paramref name="fromBot"/> marks a bot's own message.</summary>
    public async Task<(int Status, string? Answer)> RocketChatAsync(Uri webhook, string messageId, string channel, string user, string text, bool fromBot = false)
    {
        var body = new JsonObject
        {
            ["token"] = Token,
            ["bot"] = fromBot ? new JsonObject { ["i"] = "rocket.cat" } : false,
            ["channel_id"] = channel,
            ["channel_name"] = "general",
            ["message_id"] = messageId,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["user_id"] = user,
            ["user_name"] = "alice",
            ["text"] = $"{TriggerWord} {text}",
            ["trigger_word"] = TriggerWord,
            ["siteUrl"] = "https://chat.family.example",
        };
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        return await PostAsync(webhook, content);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<(int Status, string? Answer)> PostAsync(Uri webhook, HttpContent content)
    {
        using var response = await _http.PostAsync(webhook, content);
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0)
        {
            return ((int)response.StatusCode, null);
        }

        // Mattermost shows the answer as a reply in the thread when response_type is comment; the text is the same.
        using var document = JsonDocument.Parse(body);
        return ((int)response.StatusCode, document.RootElement.GetProperty("text").GetString());
    }
}
