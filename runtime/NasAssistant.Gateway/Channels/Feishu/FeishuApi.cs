using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Feishu;

/// <summary>
/// The Open Platform APIs the channel calls: the custom app's <c>tenant_access_token</c> (kept in an
/// <see cref="AccessTokenCache"/>), the bot's own identity (<c>bot/v3/info</c>) and sending a text message to a
/// chat (<c>im/v1/messages</c>, with a <c>uuid</c> so that Feishu sends a message repeated within an hour only
/// once). Answers carry a <c>code</c>: 0 is success; 99991400 (or HTTP 429) is the rate limit, waited out as
/// <c>x-ogw-ratelimit-reset</c> says; 99991661, 99991663 and 99991668 reject the token, fetched again once; any
/// other refusal of a message is final.
/// </summary>
internal sealed class FeishuApi(FeishuChannelConfig config, SecretFile appSecret, HttpClient http, TimeProvider time)
{
    private const string Platform = "Feishu";
    private const long RateLimit = 99991400;
    private static readonly long[] InvalidToken = [99991661, 99991663, 99991668];
    private readonly AccessTokenCache _tokens = new(time);

    /// <summary>Fetches a fresh token and the bot's open_id: the check that the app's credentials are right.</summary>
    public async Task<string> BotOpenIdAsync(CancellationToken cancellationToken)
    {
        var token = await TokenAsync(renew: true, cancellationToken);
        var response = await PlatformHttp.GetAsync(http, Url("/open-apis/bot/v3/info"), token, Platform, cancellationToken);
        if (response.Number("code") != 0)
        {
            throw Failure(response, "bot/v3/info")
                ?? new PlatformException(ChannelReasons.BadToken, $"Feishu's bot/v3/info refused the app ({response.Number("code")} {response.Text("msg")})");
        }

        return response.Body.TryGetProperty("bot", out var bot) && bot.TryGetProperty("open_id", out var openId) && openId.GetString() is { Length: > 0 } id
            ? id
            : throw new PlatformException(ChannelReasons.BadToken, "Feishu's bot/v3/info has no bot: enable the app's bot feature");
    }

    /// <summary>Sends <paramref name="text"/> to chat <paramref name="chatId"/>; <paramref name="deliveryId"/> makes a repeat of the same part a no-op.</summary>
    /// <exception cref="ReplyUndeliverableException">Feishu refused this message for good.</exception>
    /// <exception cref="PlatformException">Feishu is unreachable, rate-limited or refuses the credentials.</exception>
    public async Task SendTextAsync(string chatId, string text, string deliveryId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["receive_id"] = chatId,
            ["msg_type"] = "text",
            ["content"] = new JsonObject { ["text"] = text }.ToJsonString(),
            ["uuid"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId + "\n" + text)))[..40],
        }.ToJsonString();
        for (var renew = false; ; renew = true)
        {
            var token = await TokenAsync(renew, cancellationToken);
            var response = await PlatformHttp.PostAsync(http, Url("/open-apis/im/v1/messages?receive_id_type=chat_id"), body, token, Platform, cancellationToken);
            if (response.Number("code") == 0)
            {
                return;
            }

            if (TokenRejected(response) && !renew)
            {
                continue;
            }

            throw (Exception?)Failure(response, "im/v1/messages")
                ?? new ReplyUndeliverableException($"Feishu refused the message ({response.Number("code")} {response.Text("msg")})");
        }
    }

    private Task<string> TokenAsync(bool renew, CancellationToken cancellationToken)
    {
        var secret = appSecret.Value ?? throw new SecretUnavailableException(appSecret.Problem ?? $"secret file {appSecret.Path} is empty");
        return _tokens.GetAsync(secret, renew, async () =>
        {
            var body = new JsonObject { ["app_id"] = config.AppId, ["app_secret"] = secret }.ToJsonString();
            var response = await PlatformHttp.PostAsync(http, Url("/open-apis/auth/v3/tenant_access_token/internal"), body, null, Platform, CancellationToken.None);
            if (response.Number("code") != 0 || response.Text("tenant_access_token") is not { Length: > 0 } token)
            {
                throw Failure(response, "tenant_access_token") ?? new PlatformException(ChannelReasons.BadToken, $"Feishu refused the App ID or App Secret ({response.Number("code")} {response.Text("msg")}): check appId and {appSecret.Path}");
            }

            return (token, TimeSpan.FromSeconds(response.Number("expire") ?? 7200));
        }, cancellationToken);
    }

    // The exception for a failed call that waiting may fix (the rate limit, a rejected token), or null.
    private static PlatformException? Failure(PlatformResponse response, string api)
    {
        if (response.Status == HttpStatusCode.TooManyRequests || response.Number("code") == RateLimit)
        {
            return new PlatformException(ChannelReasons.RateLimited, $"Feishu's {api} is rate-limited", response.WaitFrom("x-ogw-ratelimit-reset"));
        }

        return TokenRejected(response)
            ? new PlatformException(ChannelReasons.BadToken, $"Feishu's {api} refused a freshly fetched tenant_access_token ({response.Number("code")})")
            : null;
    }

    private static bool TokenRejected(PlatformResponse response) => response.Number("code") is long code && InvalidToken.Contains(code);

    private Uri Url(string pathAndQuery) => new(config.ApiBaseUrl.TrimEnd('/') + pathAndQuery);
}
