using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Fakes.Slack;

/// <summary>
/// Slack for an app with a bot user, written from Slack's documentation: Events API requests (the
/// <c>url_verification</c> challenge, <c>event_callback</c> with <c>message.im</c> and <c>app_mention</c>, retries with
/// <c>X-Slack-Retry-Num</c>) and slash commands, each signed as "Verifying requests from Slack" describes
/// (<c>v0</c>, HMAC-SHA256 of <c>v0:timestamp:body</c>); and the Web API methods the gateway calls,
/// <c>auth.test</c> and <c>chat.postMessage</c>, with a bot token. See README.md for what it does not cover.
/// </summary>
public sealed class FakeSlack : WebhookPlatform
{
    /// <summary>The workspace.</summary>
    public const string Team = "T0FAMILY1";

    /// <summary>A member the channel allows.</summary>
    public const string Alice = "U0ALICE1";

    /// <summary>A member the channel does not allow.</summary>
    public const string Bob = "U0BOB222";

    /// <summary>A channel the channel allows.</summary>
    public const string FamilyChannel = "C0FAMILY1";

    /// <summary>The bot's user id.</summary>
    public const string BotUser = "U0NASBOT1";

    private readonly HashSet<string> _channels = new(StringComparer.Ordinal) { FamilyChannel, "C0GARDEN1", DirectChannelOf(Alice), DirectChannelOf(Bob) };
    private string? _secretFile;

    private FakeSlack()
    {
        SigningSecret = Hex(16);
        BotToken = $"xoxb-{Random.Shared.NextInt64(100_000_000_000, 999_999_999_999)}-{Hex(12)}";
    }

    /// <summary>The app's signing secret the platform signs with now.</summary>
    public string SigningSecret { get; private set; }

    /// <summary>The bot token the Web API takes.</summary>
    public string BotToken { get; }

    /// <summary>The time the next request is signed at, when set (else now).</summary>
    public DateTimeOffset? SignedAt { get; set; }

    /// <inheritdoc />
    public override string Kind => ChannelKindNames.Webhook;

    /// <inheritdoc />
    public override string AllowedUser => Alice;

    /// <inheritdoc />
    public override string Stranger => Bob;

    /// <summary>Starts the fake with fresh secrets.</summary>
    public static async Task<FakeSlack> StartAsync()
    {
        var fake = new FakeSlack();
        await fake.StartAsync(app =>
        {
            app.MapPost("/api/auth.test", fake.AuthTestAsync);
            app.MapPost("/api/chat.postMessage", fake.PostMessageAsync);
        });
        return fake;
    }

    /// <summary>The <c>X-Slack-Signature</c> of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Signature(string signingSecret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    /// <summary>The direct message channel of <paramref name="user"/> with the bot.</summary>
    public static string DirectChannelOf(string user) => "D" + user[1..];

    /// <inheritdoc />
    public override string PrivateChatOf(string user) => DirectChannelOf(user);

    /// <inheritdoc />
    public override string AllowListIdOf(string user) => $"{Team}:{user}";

    /// <inheritdoc />
    public override ChannelConfig Channel(string name, TempDirectory directory)
    {
        _secretFile = WriteSecret(directory, $"{name}-signing-secret", SigningSecret);
        return new ChannelConfig
        {
            Name = name,
            AllowedUsers = [AllowListIdOf(Alice)],
            AllowedChats = [$"{Team}:{FamilyChannel}"],
            Webhook = new WebhookChannelConfig
            {
                Slack = new SlackWebhookConfig
                {
                    SigningSecretFile = _secretFile,
                    BotTokenFile = WriteSecret(directory, $"{name}-bot-token", BotToken),
                    ApiBaseUrl = BaseUrl + "/api",
                },
            },
        };
    }

    /// <inheritdoc />
    public override Task<HttpResponseMessage> DeliverAsync(Uri webhook, PlatformMessage message, bool forged = false) =>
        DeliverAsync(webhook, message, retry: 0, forged);

    /// <summary>Posts <paramref name="message"/>'s event; a <paramref name="retry"/> above 0 is Slack's retry of it, with <c>X-Slack-Retry-Num</c>.</summary>
    public Task<HttpResponseMessage> DeliverAsync(Uri webhook, PlatformMessage message, int retry, bool forged = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        var ts = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{message.Id[..6]}";
        var @event = message.Group is null
            ? new JsonObject
            {
                ["type"] = "message",
                ["channel"] = DirectChannelOf(message.From),
                ["channel_type"] = "im",
                ["user"] = message.From,
                ["text"] = message.Text,
                ["ts"] = ts,
                ["event_ts"] = ts,
            }
            : new JsonObject
            {
                ["type"] = "app_mention",
                ["channel"] = message.Group,
                ["user"] = message.From,
                ["text"] = $"<@{BotUser}> {message.Text}",
                ["ts"] = ts,
                ["event_ts"] = ts,
            };
        var body = new JsonObject
        {
            ["token"] = "Jhj5dZrVaK7ZwHHjRyZWjbDl",
            ["team_id"] = Team,
            ["api_app_id"] = "A0NASAPP1",
            ["event"] = @event,
            ["type"] = "event_callback",
            ["event_id"] = "Ev" + message.Id[..10],
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        }.ToJsonString();
        var headers = retry > 0 ? new[] { new KeyValuePair<string, string>("X-Slack-Retry-Num", retry.ToString(CultureInfo.InvariantCulture)), new("X-Slack-Retry-Reason", "http_timeout") } : [];
        return PostSignedAsync(webhook, body, "application/json", forged, headers);
    }

    /// <summary>The URL check Slack sends when the Request URL is saved.</summary>
    public Task<HttpResponseMessage> VerifyUrlAsync(Uri webhook, string challenge, bool forged = false) =>
        PostSignedAsync(webhook, new JsonObject { ["token"] = "Jhj5dZrVaK7ZwHHjRyZWjbDl", ["challenge"] = challenge, ["type"] = "url_verification" }.ToJsonString(), "application/json", forged, []);

    /// <summary>A slash command (<paramref name="command"/> registered to the gateway's URL) typed by <paramref name="user"/> in <paramref name="channel"/>.</summary>
    public Task<HttpResponseMessage> SlashCommandAsync(Uri webhook, string user, string channel, string command, string text = "")
    {
        var form = new Dictionary<string, string?>
        {
            ["token"] = "gIkuvaNzQIHg97ATvDxqgjtO",
            ["team_id"] = Team,
            ["team_domain"] = "family",
            ["channel_id"] = channel,
            ["channel_name"] = channel.StartsWith('D') ? "directmessage" : "family",
            ["user_id"] = user,
            ["user_name"] = user.ToLowerInvariant(),
            ["command"] = command,
            ["text"] = text,
            ["api_app_id"] = "A0NASAPP1",
            ["response_url"] = $"https://hooks.slack.com/commands/{Team}/{Random.Shared.Next()}/{Hex(12)}",
            ["trigger_id"] = $"{Random.Shared.NextInt64()}.{Random.Shared.NextInt64()}.{Hex(16)}",
        };
        var body = QueryHelpers.AddQueryString(string.Empty, form)[1..];
        return PostSignedAsync(webhook, body, "application/x-www-form-urlencoded", forged: false, []);
    }

    /// <summary>Posts <paramref name="body"/> signed as Slack signs.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(Uri webhook, string body, string mediaType, bool forged, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var timestamp = (SignedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Signature(forged ? Hex(16) : SigningSecret, timestamp, body);
        return PostAsync(webhook, Encoding.UTF8.GetBytes(body), mediaType,
            [new("X-Slack-Request-Timestamp", timestamp), new("X-Slack-Signature", signature), .. headers]);
    }

    /// <inheritdoc />
    public override async Task RotateSigningSecretAsync()
    {
        SigningSecret = Hex(16);
        await ReplaceSecretAsync(_secretFile!, SigningSecret);
    }

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private async Task AuthTestAsync(HttpContext context)
    {
        if (Called("auth.test") is { } fault)
        {
            await WriteFaultAsync(context, fault);
        }
        else if (await AuthorizedAsync(context))
        {
            await WriteJsonAsync(context, new JsonObject
            {
                ["ok"] = true,
                ["url"] = "https://family.slack.com/",
                ["team"] = "Family",
                ["user"] = "nas-assistant",
                ["team_id"] = Team,
                ["user_id"] = BotUser,
                ["bot_id"] = "B0NASBOT1",
            }.ToJsonString());
        }
    }

    private async Task PostMessageAsync(HttpContext context)
    {
        if (Called("chat.postMessage") is { } fault)
        {
            await WriteFaultAsync(context, fault);
            return;
        }

        if (!await AuthorizedAsync(context))
        {
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var channel = root.GetProperty("channel").GetString()!;
        if (!_channels.Contains(channel))
        {
            await WriteJsonAsync(context, """{"ok":false,"error":"channel_not_found"}""");
            return;
        }

        if (root.GetProperty("text").GetString() is not { Length: > 0 } text)
        {
            await WriteJsonAsync(context, """{"ok":false,"error":"no_text"}""");
            return;
        }

        var thread = root.TryGetProperty("thread_ts", out var t) ? t.GetString() : null;
        Record(new PlatformReply(channel, text, thread));
        var ts = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Random.Shared.Next(100_000, 999_999)}";
        await WriteJsonAsync(context, new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["message"] = new JsonObject { ["text"] = text, ["ts"] = ts } }.ToJsonString());
    }

    private async Task<bool> AuthorizedAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() == $"Bearer {BotToken}")
        {
            return true;
        }

        await WriteJsonAsync(context, context.Request.Headers.Authorization.Count == 0 ? """{"ok":false,"error":"not_authed"}""" : """{"ok":false,"error":"invalid_auth"}""");
        return false;
    }
}
