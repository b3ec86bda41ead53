using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Fakes.DingTalk;

/// <summary>
/// DingTalk (钉钉) for an internal application's robot in HTTP mode, written from DingTalk's documentation
/// ("接收消息的消息协议"): each message is POSTed as JSON with the <c>timestamp</c> and <c>sign</c> headers (Base64 of
/// HMAC-SHA256 over <c>timestamp + "\n" + AppSecret</c>) and a <c>sessionWebhook</c> of this fake, through which the
/// robot answers (<c>msgtype</c> text) until <c>sessionWebhookExpiredTime</c>. See README.md for what it does not cover.
/// </summary>
public sealed class FakeDingTalk : WebhookPlatform
{
    /// <summary>A member the channel allows (a staff id).</summary>
    public const string ZhangWei = "zhangwei01";

    /// <summary>A member the channel does not allow.</summary>
    public const string LiuYang = "liuyang02";

    /// <summary>A group the channel allows.</summary>
    public const string FamilyGroup = "cidFaMiLy9k2ZHp4dQ+Xb0w==";

    private readonly Dictionary<string, (string To, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);
    private string? _secretFile;

    private FakeDingTalk() => AppSecret = RandomSecret();

    /// <summary>The robot's AppSecret the platform signs with now.</summary>
    public string AppSecret { get; private set; }

    /// <summary>How long a message's session webhook takes answers (DingTalk's examples show 90 minutes).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>The timestamp the next delivery is signed at, when set (else now).</summary>
    public DateTimeOffset? SignedAt { get; set; }

    /// <summary>Where the next delivery says to answer, when set (else a session webhook of this fake).</summary>
    public string? SessionWebhookOverride { get; set; }

    /// <inheritdoc />
    public override string Kind => ChannelKindNames.DingTalk;

    /// <inheritdoc />
    public override string AllowedUser => ZhangWei;

    /// <inheritdoc />
    public override string Stranger => LiuYang;

    /// <summary>Starts the fake with a fresh AppSecret.</summary>
    public static async Task<FakeDingTalk> StartAsync()
    {
        var fake = new FakeDingTalk();
        await fake.StartAsync(app => app.MapPost("/robot/sendBySession", fake.SendBySessionAsync));
        return fake;
    }

    /// <summary>The <c>sign</c> header of <paramref name="timestamp"/> under <paramref name="secret"/>, as DingTalk computes it.</summary>
    public static string Sign(string timestamp, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));

    /// <inheritdoc />
    public override ChannelConfig Channel(string name, TempDirectory directory)
    {
        _secretFile = WriteSecret(directory, $"{name}-app-secret", AppSecret);
        return new ChannelConfig
        {
            Name = name,
            AllowedUsers = [ZhangWei],
            AllowedChats = [FamilyGroup],
            DingTalk = new DingTalkChannelConfig { AppSecretFile = _secretFile, ApiBaseUrl = BaseUrl },
        };
    }

    /// <inheritdoc />
    public override Task<HttpResponseMessage> DeliverAsync(Uri webhook, PlatformMessage message, bool forged = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = DateTimeOffset.UtcNow;
        var session = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var to = message.Group ?? message.From;
        lock (_sessions)
        {
            _sessions[session] = (to, now + SessionLifetime);
        }

        var body = new JsonObject
        {
            ["conversationId"] = message.Group ?? $"cid{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(message.From)))[..22]}",
            ["chatbotCorpId"] = "ding9f50b15bccd16741",
            ["chatbotUserId"] = "$:LWCP_v1:$r3XyRoBotUserIdAbCdEf",
            ["msgId"] = $"msg{message.Id}",
            ["senderNick"] = message.From,
            ["isAdmin"] = false,
            ["senderStaffId"] = message.From,
            ["sessionWebhookExpiredTime"] = (now + SessionLifetime).ToUnixTimeMilliseconds(),
            ["createAt"] = now.ToUnixTimeMilliseconds(),
            ["senderCorpId"] = "ding9f50b15bccd16741",
            ["conversationType"] = message.Group is null ? "1" : "2",
            ["senderId"] = $"$:LWCP_v1:${message.From}",
            ["sessionWebhook"] = SessionWebhookOverride ?? $"{BaseUrl}/robot/sendBySession?session={session}",
            ["text"] = new JsonObject { ["content"] = message.Group is null ? message.Text : " " + message.Text },
            ["msgtype"] = "text",
        };
        if (message.Group is not null)
        {
            body["conversationTitle"] = "Family";
            body["isInAtList"] = true;
        }

        var timestamp = (SignedAt ?? now).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return PostAsync(webhook, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json; charset=utf-8",
            [new("timestamp", timestamp), new("sign", Sign(timestamp, forged ? RandomSecret() : AppSecret))]);
    }

    /// <inheritdoc />
    public override async Task RotateSigningSecretAsync()
    {
        AppSecret = RandomSecret();
        await ReplaceSecretAsync(_secretFile!, AppSecret);
    }

    private static string RandomSecret() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 64);

    private async Task SendBySessionAsync(HttpContext context)
    {
        if (Called("sendBySession") is { } fault)
        {
            await WriteFaultAsync(context, fault);
            return;
        }

        (string To, DateTimeOffset Expires) session;
        bool known;
        lock (_sessions)
        {
            known = _sessions.TryGetValue(context.Request.Query["session"].ToString(), out session);
        }

        if (!known || session.Expires <= DateTimeOffset.UtcNow)
        {
            await WriteJsonAsync(context, """{"errcode":300001,"errmsg":"session does not exist or has expired"}""");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (root.GetProperty("msgtype").GetString() != "text"
            || root.GetProperty("text").GetProperty("content").GetString() is not { Length: > 0 } content)
        {
            await WriteJsonAsync(context, """{"errcode":40035,"errmsg":"missing parameter text.content"}""");
            return;
        }

        Record(new PlatformReply(session.To, content));
        await WriteJsonAsync(context, """{"errcode":0,"errmsg":"ok"}""");
    }
}
