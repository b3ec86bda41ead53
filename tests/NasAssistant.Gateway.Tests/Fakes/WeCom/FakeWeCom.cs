using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Fakes.WeCom;

/// <summary>
/// WeCom (企业微信) for a self-built application, written from WeCom's server API documentation: the callback
/// side ("接收消息与事件": the URL check by GET with <c>echostr</c>, each member's message POSTed as encrypted XML,
/// signed with <c>msg_signature</c>, "加解密方案说明") and the two APIs the gateway calls, <c>gettoken</c>
/// ("获取access_token") and <c>message/send</c> ("发送应用消息", text). See README.md for what it does not cover.
/// </summary>
public sealed class FakeWeCom : WebhookPlatform
{
    /// <summary>A member the channel allows.</summary>
    public const string LiLei = "LiLei";

    /// <summary>A member the channel does not allow.</summary>
    public const string HanMeimei = "HanMeimei";

    private const int MaxContentBytes = 2048;
    private readonly HashSet<string> _members = new(StringComparer.Ordinal) { LiLei, HanMeimei };
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expired = new(StringComparer.Ordinal);
    private string? _tokenFile;

    private FakeWeCom(string corpId, long agentId, string token, string encodingAesKey)
    {
        CorpId = corpId;
        AgentId = agentId;
        Token = token;
        EncodingAesKey = encodingAesKey;
        AppSecret = RandomText(43);
    }

    /// <summary>The company's CorpID.</summary>
    public string CorpId { get; }

    /// <summary>The application's AgentId.</summary>
    public long AgentId { get; }

    /// <summary>The callback Token the platform signs with now.</summary>
    public string Token { get; private set; }

    /// <summary>The callback EncodingAESKey.</summary>
    public string EncodingAesKey { get; }

    /// <summary>The application's Secret (gettoken answers only for it).</summary>
    public string AppSecret { get; }

    /// <inheritdoc />
    public override string Kind => ChannelKindNames.WeCom;

    /// <inheritdoc />
    public override string AllowedUser => LiLei;

    /// <inheritdoc />
    public override string Stranger => HanMeimei;

    /// <summary>Starts the fake for an application with fresh secrets, or with the given ones (WeCom's published samples).</summary>
    public static async Task<FakeWeCom> StartAsync(string corpId = "ww7f3a9c0d2b4e6f81", long agentId = 1000002, string? token = null, string? encodingAesKey = null)
    {
        var fake = new FakeWeCom(corpId, agentId, token ?? RandomText(32), encodingAesKey ?? NewEncodingAesKey());
        await fake.StartAsync(app =>
        {
            app.MapGet("/cgi-bin/gettoken", fake.GetTokenAsync);
            app.MapPost("/cgi-bin/message/send", fake.SendAsync);
        });
        return fake;
    }

    /// <inheritdoc />
    public override ChannelConfig Channel(string name, TempDirectory directory)
    {
        _tokenFile = WriteSecret(directory, $"{name}-token", Token);
        return new ChannelConfig
        {
            Name = name,
            AllowedUsers = [LiLei],
            WeCom = new WeComChannelConfig
            {
                CorpId = CorpId,
                AgentId = AgentId,
                TokenFile = _tokenFile,
                EncodingAesKeyFile = WriteSecret(directory, $"{name}-aes-key", EncodingAesKey),
                SecretFile = WriteSecret(directory, $"{name}-secret", AppSecret),
                ApiBaseUrl = BaseUrl,
            },
        };
    }

    /// <inheritdoc />
    public override Task<HttpResponseMessage> DeliverAsync(Uri webhook, PlatformMessage message, bool forged = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Group is not null)
        {
            throw new ArgumentException("a self-built application receives private messages only", nameof(message));
        }

        var xml = new XElement("xml",
            new XElement("ToUserName", new XCData(CorpId)),
            new XElement("FromUserName", new XCData(message.From)),
            new XElement("CreateTime", DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData("text")),
            new XElement("Content", new XCData(message.Text)),
            new XElement("MsgId", message.Id),
            new XElement("AgentID", AgentId)).ToString(SaveOptions.DisableFormatting);
        return PostCallbackAsync(webhook, xml, forged ? RandomText(32) : Token);
    }

    /// <summary>Posts <paramref name="xml"/> (a decrypted callback) to <paramref name="webhook"/>, encrypted and signed with <paramref name="token"/>.</summary>
    public Task<HttpResponseMessage> PostCallbackAsync(Uri webhook, string xml, string token)
    {
        var encrypted = Encrypt(xml, CorpId);
        var envelope = new XElement("xml",
            new XElement("ToUserName", new XCData(CorpId)),
            new XElement("AgentID", new XCData(AgentId.ToString(CultureInfo.InvariantCulture))),
            new XElement("Encrypt", new XCData(encrypted))).ToString(SaveOptions.DisableFormatting);
        var (timestamp, nonce) = Stamp();
        var url = Query(webhook, ("msg_signature", Signature(token, timestamp, nonce, encrypted)), ("timestamp", timestamp), ("nonce", nonce));
        return PostAsync(url, Encoding.UTF8.GetBytes(envelope), "text/xml", []);
    }

    /// <summary>Checks the callback URL as WeCom does when the administrator saves it: a GET whose decrypted <c>echostr</c> must come back.</summary>
    public Task<HttpResponseMessage> VerifyUrlAsync(Uri webhook, string echo)
    {
        var encrypted = Encrypt(echo, CorpId);
        var (timestamp, nonce) = Stamp();
        return Http.GetAsync(Query(webhook, ("msg_signature", Signature(Token, timestamp, nonce, encrypted)), ("timestamp", timestamp), ("nonce", nonce), ("echostr", encrypted)));
    }

    /// <summary>Encrypts <paramref name="plain"/> for <paramref name="receiveId"/> with this application's EncodingAESKey.</summary>
    public string Encrypt(string plain, string receiveId)
    {
        var key = Convert.FromBase64String(EncodingAesKey + "=");
        var message = Encoding.UTF8.GetBytes(plain);
        var receiver = Encoding.UTF8.GetBytes(receiveId);
        var content = new byte[16 + 4 + message.Length + receiver.Length];
        RandomNumberGenerator.Fill(content.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(16, 4), message.Length);
        message.CopyTo(content, 20);
        receiver.CopyTo(content, 20 + message.Length);

        // PKCS#7 to a multiple of 32 bytes, as WeCom pads.
        var pad = 32 - (content.Length % 32);
        var padded = new byte[content.Length + pad];
        content.CopyTo(padded, 0);
        padded.AsSpan(content.Length).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(padded, key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>Adds a member the application may send to (the published samples' senders).</summary>
    public void AddMember(string user)
    {
        lock (_members)
        {
            _members.Add(user);
        }
    }

    /// <summary>Makes every access token issued so far expired (WeCom answers 42001 until a new one is fetched).</summary>
    public void ExpireTokens()
    {
        lock (_tokens)
        {
            _expired.UnionWith(_tokens);
            _tokens.Clear();
        }
    }

    /// <inheritdoc />
    public override async Task RotateSigningSecretAsync()
    {
        Token = RandomText(32);
        await ReplaceSecretAsync(_tokenFile!, Token);
    }

    private static (string Timestamp, string Nonce) Stamp() =>
        (DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Random.Shared.Next(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture));

    private static string Signature(string token, string timestamp, string nonce, string encrypted)
    {
        var parts = new[] { token, timestamp, nonce, encrypted };
        Array.Sort(parts, StringComparer.Ordinal);
#pragma warning disable CA5350 // WeCom's msg_signature is SHA-1.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Join(string.Empty, parts))));
#pragma warning restore CA5350
    }

    private static Uri Query(Uri url, params (string Name, string Value)[] parameters) =>
        new(QueryHelpers.AddQueryString(url.ToString(), parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value))));

    private static string NewEncodingAesKey()
    {
        // WeCom generates 43 characters of letters and digits: Base64 of 32 random bytes without '+', '/' or '='.
        while (true)
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=');
            if (!key.Contains('+', StringComparison.Ordinal) && !key.Contains('/', StringComparison.Ordinal))
            {
                return key;
            }
        }
    }

    private static string RandomText(int length) => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    private async Task GetTokenAsync(HttpContext context)
    {
        if (Called("gettoken") is { } fault)
        {
            await WriteFaultAsync(context, fault);
            return;
        }

        if (context.Request.Query["corpid"] != CorpId)
        {
            await WriteJsonAsync(context, """{"errcode":40013,"errmsg":"invalid corpid"}""");
            return;
        }

        if (context.Request.Query["corpsecret"] != AppSecret)
        {
            await WriteJsonAsync(context, """{"errcode":40001,"errmsg":"invalid credential"}""");
            return;
        }

        var token = RandomText(64);
        lock (_tokens)
        {
            _tokens.Add(token);
        }

        await WriteJsonAsync(context, new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["access_token"] = token, ["expires_in"] = 7200 }.ToJsonString());
    }

    private async Task SendAsync(HttpContext context)
    {
        if (Called("message/send") is { } fault)
        {
            await WriteFaultAsync(context, fault);
            return;
        }

        var token = context.Request.Query["access_token"].ToString();
        bool valid, expired;
        lock (_tokens)
        {
            valid = _tokens.Contains(token);
            expired = _expired.Contains(token);
        }

        if (!valid)
        {
            await WriteJsonAsync(context, token.Length == 0 ? """{"errcode":41001,"errmsg":"access_token missing"}"""
                : expired ? """{"errcode":42001,"errmsg":"access_token expired"}""" : """{"errcode":40014,"errmsg":"invalid access_token"}""");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var content = root.TryGetProperty("text", out var text) && text.TryGetProperty("content", out var c) ? c.GetString() ?? string.Empty : string.Empty;
        if (!root.TryGetProperty("agentid", out var agent) || !agent.TryGetInt64(out var agentId) || agentId != AgentId)
        {
            await WriteJsonAsync(context, """{"errcode":40056,"errmsg":"invalid agentid"}""");
            return;
        }

        if (root.GetProperty("msgtype").GetString() != "text" || content.Length == 0)
        {
            await WriteJsonAsync(context, """{"errcode":44004,"errmsg":"empty content"}""");
            return;
        }

        var users = (root.GetProperty("touser").GetString() ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries);
        string[] invalid;
        lock (_members)
        {
            invalid = users.Where(u => !_members.Contains(u)).ToArray();
        }

        if (invalid.Length == users.Length)
        {
            await WriteJsonAsync(context, """{"errcode":81013,"errmsg":"user & party & tag all invalid"}""");
            return;
        }

        // WeCom cuts a text message past 2048 bytes.
        var bytes = Encoding.UTF8.GetBytes(content);
        var shown = bytes.Length > MaxContentBytes ? Encoding.UTF8.GetString(bytes, 0, MaxContentBytes) : content;
        foreach (var user in users.Except(invalid))
        {
            Record(new PlatformReply(user, shown));
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["errcode"] = 0,
            ["errmsg"] = "ok",
            ["invaliduser"] = string.Join('|', invalid),
            ["msgid"] = RandomText(24),
        }.ToJsonString());
    }
}
