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

namespace NasAssistant.Gateway.Tests.Fakes.Feishu;

/// <summary>
/// Feishu (飞书) Open Platform for a custom app with a bot, written from Feishu's documentation: the event
/// subscription by request URL ("接收事件": the <c>url_verification</c> challenge, schema 2.0 events with the
/// Verification Token, and with an Encrypt Key the <c>{"encrypt":...}</c> body and the <c>X-Lark-Signature</c>
/// headers), <c>im.message.receive_v1</c> text messages, and the APIs the gateway calls:
/// <c>tenant_access_token/internal</c>, <c>bot/v3/info</c> and <c>im/v1/messages</c> (text, with <c>uuid</c>
/// deduplication). See README.md for what it does not cover.
/// </summary>
public sealed class FakeFeishu : WebhookPlatform
{
    /// <summary>A user the channel allows (an open_id).</summary>
    public const string Alice = "ou_7d8a6e6df7621556ce0d21922b676706";

    /// <summary>A user the channel does not allow.</summary>
    public const string Bob = "ou_e5a9b1c2d3f40718293a4b5c6d7e8f90";

    /// <summary>A group chat the channel allows.</summary>
    public const string FamilyChat = "oc_5ad11d72b830411d72b836c20";

    /// <summary>The bot's own open_id.</summary>
    public const string BotOpenId = "ou_b0771c2a5ef4c3e1d8a9b0c7f6e5d4a3";

    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _uuids = new(StringComparer.Ordinal);
    private string? _tokenFile;
    private string? _keyFile;

    private FakeFeishu(bool encrypted)
    {
        AppSecret = RandomText(32);
        VerificationToken = RandomText(32);
        EncryptKey = encrypted ? RandomText(32) : null;
    }

    /// <summary>The app's App ID.</summary>
    public string AppId { get; } = "cli_a5f1e2d3c4b5a697";

    /// <summary>The app's App Secret.</summary>
    public string AppSecret { get; }

    /// <summary>The event subscription's Verification Token now.</summary>
    public string VerificationToken { get; private set; }

    /// <summary>The event subscription's Encrypt Key now, or null when events go in plain JSON.</summary>
    public string? EncryptKey { get; private set; }

    /// <inheritdoc />
    public override string Kind => ChannelKindNames.Feishu;

    /// <inheritdoc />
    public override string AllowedUser => Alice;

    /// <inheritdoc />
    public override string Stranger => Bob;

    /// <summary>Starts the fake with fresh credentials; <paramref name="encrypted"/> gives the subscription an Encrypt Key.</summary>
    public static async Task<FakeFeishu> StartAsync(bool encrypted = true)
    {
        var fake = new FakeFeishu(encrypted);
        await fake.StartAsync(app =>
        {
            app.MapPost("/open-apis/auth/v3/tenant_access_token/internal", fake.TenantAccessTokenAsync);
            app.MapGet("/open-apis/bot/v3/info", fake.BotInfoAsync);
            app.MapPost("/open-apis/im/v1/messages", fake.SendMessageAsync);
        });
        return fake;
    }

    /// <summary>The <c>encrypt</c> field of <paramref name="plain"/> under <paramref name="encryptKey"/>: Base64 of a random IV and AES-256-CBC under SHA-256 of the key.</summary>
    public static string Encrypt(string plain, string encryptKey)
    {
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(encryptKey));
        var iv = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String([.. iv, .. aes.EncryptCbc(Encoding.UTF8.GetBytes(plain), iv)]);
    }

    /// <summary>The <c>X-Lark-Signature</c> of <paramref name="body"/>: hex SHA-256 of timestamp, nonce, Encrypt Key and body.</summary>
    public static string Signature(string timestamp, string nonce, string encryptKey, string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(timestamp + nonce + encryptKey + body)));

    /// <summary>The private (p2p) chat of <paramref name="openId"/> with the bot.</summary>
    public static string P2pChatOf(string openId) => "oc_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(openId)))[..32];

    /// <inheritdoc />
    public override string PrivateChatOf(string user) => P2pChatOf(user);

    /// <inheritdoc />
    public override ChannelConfig Channel(string name, TempDirectory directory)
    {
        _tokenFile = WriteSecret(directory, $"{name}-verification-token", VerificationToken);
        _keyFile = EncryptKey is { } key ? WriteSecret(directory, $"{name}-encrypt-key", key) : null;
        return new ChannelConfig
        {
            Name = name,
            AllowedUsers = [Alice],
            AllowedChats = [FamilyChat],
            Feishu = new FeishuChannelConfig
            {
                AppId = AppId,
                AppSecretFile = WriteSecret(directory, $"{name}-app-secret", AppSecret),
                VerificationTokenFile = _tokenFile,
                EncryptKeyFile = _keyFile,
                ApiBaseUrl = BaseUrl,
            },
        };
    }

    /// <inheritdoc />
    public override Task<HttpResponseMessage> DeliverAsync(Uri webhook, PlatformMessage message, bool forged = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = DateTimeOffset.UtcNow;
        var mentions = new JsonArray();
        var text = message.Text;
        if (message.Group is not null)
        {
            // In a group the bot hears only messages that mention it; Feishu puts a placeholder where the mention was.
            text = "@_user_1 " + text;
            mentions.Add(new JsonObject
            {
                ["key"] = "@_user_1",
                ["id"] = new JsonObject { ["union_id"] = "on_8ed6aa67826108097d9ee143816345", ["user_id"] = null, ["open_id"] = BotOpenId },
                ["name"] = "NAS Assistant",
                ["tenant_key"] = "736588c9260f175d",
            });
        }

        var @event = new JsonObject
        {
            ["schema"] = "2.0",
            ["header"] = new JsonObject
            {
                ["event_id"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.Id)))[..32],
                ["token"] = forged && EncryptKey is null ? RandomText(32) : VerificationToken,
                ["create_time"] = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                ["event_type"] = "im.message.receive_v1",
                ["tenant_key"] = "736588c9260f175d",
                ["app_id"] = AppId,
            },
            ["event"] = new JsonObject
            {
                ["sender"] = new JsonObject
                {
                    ["sender_id"] = new JsonObject { ["union_id"] = "on_" + message.From[3..], ["user_id"] = null, ["open_id"] = message.From },
                    ["sender_type"] = "user",
                    ["tenant_key"] = "736588c9260f175d",
                },
                ["message"] = new JsonObject
                {
                    ["message_id"] = "om_" + message.Id,
                    ["root_id"] = string.Empty,
                    ["parent_id"] = string.Empty,
                    ["create_time"] = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    ["chat_id"] = message.Group ?? P2pChatOf(message.From),
                    ["chat_type"] = message.Group is null ? "p2p" : "group",
                    ["message_type"] = "text",
                    ["content"] = new JsonObject { ["text"] = text }.ToJsonString(),
                    ["mentions"] = mentions,
                },
            },
        };
        return PostEventAsync(webhook, @event.ToJsonString(), forged);
    }

    /// <summary>The request URL check Feishu sends when the URL is saved: answered with the challenge.</summary>
    public Task<HttpResponseMessage> VerifyUrlAsync(Uri webhook, string challenge, string? token = null) =>
        PostEventAsync(webhook, new JsonObject { ["challenge"] = challenge, ["token"] = token ?? VerificationToken, ["type"] = "url_verification" }.ToJsonString(), forged: false, signed: false);

    /// <summary>Posts <paramref name="json"/> as Feishu does: plain, or encrypted and (for events) signed.</summary>
    public Task<HttpResponseMessage> PostEventAsync(Uri webhook, string json, bool forged, bool signed = true)
    {
        if (EncryptKey is not { } key)
        {
            return PostAsync(webhook, Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8", []);
        }

        var body = new JsonObject { ["encrypt"] = Encrypt(json, key) }.ToJsonString();
        var headers = new List<KeyValuePair<string, string>>();
        if (signed)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var nonce = RandomText(16);
            headers.Add(new("X-Lark-Request-Timestamp", timestamp));
            headers.Add(new("X-Lark-Request-Nonce", nonce));
            headers.Add(new("X-Lark-Signature", Signature(timestamp, nonce, forged ? RandomText(32) : key, body)));
        }

        return PostAsync(webhook, Encoding.UTF8.GetBytes(body), "application/json; charset=utf-8", headers);
    }

    /// <inheritdoc />
    public override async Task RotateSigningSecretAsync()
    {
        if (EncryptKey is null)
        {
            VerificationToken = RandomText(32);
            await ReplaceSecretAsync(_tokenFile!, VerificationToken);
        }
        else
        {
            EncryptKey = RandomText(32);
            await ReplaceSecretAsync(_keyFile!, EncryptKey);
        }
    }

    private static string RandomText(int length) => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    private async Task TenantAccessTokenAsync(HttpContext context)
    {
        if (Called("tenant_access_token") is { } fault)
        {
            await WriteFaultAsync(context, fault);
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (root.GetProperty("app_id").GetString() != AppId || root.GetProperty("app_secret").GetString() != AppSecret)
        {
            await WriteJsonAsync(context, """{"code":10014,"msg":"app secret invalid"}""");
            return;
        }

        var token = "t-" + RandomText(40);
        lock (_tokens)
        {
            _tokens.Add(token);
        }

        await WriteJsonAsync(context, new JsonObject { ["code"] = 0, ["msg"] = "ok", ["tenant_access_token"] = token, ["expire"] = 7200 }.ToJsonString());
    }

    private async Task BotInfoAsync(HttpContext context)
    {
        if (Called("bot/v3/info") is { } fault)
        {
            await WriteFaultAsync(context, fault);
        }
        else if (await AuthorizedAsync(context))
        {
            await WriteJsonAsync(context, new JsonObject
            {
                ["code"] = 0,
                ["msg"] = "ok",
                ["bot"] = new JsonObject { ["activate_status"] = 2, ["app_name"] = "NAS Assistant", ["avatar_url"] = string.Empty, ["ip_white_list"] = new JsonArray(), ["open_id"] = BotOpenId },
            }.ToJsonString());
        }
    }

    private async Task SendMessageAsync(HttpContext context)
    {
        if (Called("im/v1/messages") is { } fault)
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
        var chat = root.GetProperty("receive_id").GetString()!;
        if (context.Request.Query["receive_id_type"] != "chat_id" || root.GetProperty("msg_type").GetString() != "text")
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteJsonAsync(context, """{"code":230001,"msg":"Your request contains an invalid request parameter."}""");
            return;
        }

        using var content = JsonDocument.Parse(root.GetProperty("content").GetString()!);
        var uuid = root.TryGetProperty("uuid", out var u) ? u.GetString() : null;
        bool repeated;
        lock (_uuids)
        {
            // A repeated uuid within the hour sends nothing new.
            repeated = uuid is not null && !_uuids.Add(uuid);
        }

        if (!repeated)
        {
            Record(new PlatformReply(chat, content.RootElement.GetProperty("text").GetString()!));
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["code"] = 0,
            ["msg"] = "success",
            ["data"] = new JsonObject { ["message_id"] = "om_" + RandomText(32), ["chat_id"] = chat, ["msg_type"] = "text" },
        }.ToJsonString());
    }

    private async Task<bool> AuthorizedAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        bool valid;
        lock (_tokens)
        {
            valid = header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.Contains(header["Bearer ".Length..]);
        }

        if (!valid)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteJsonAsync(context, header.Length == 0
                ? """{"code":99991661,"msg":"Missing access token for authorization."}"""
                : """{"code":99991663,"msg":"Invalid access token for authorization."}""");
        }

        return valid;
    }
}
