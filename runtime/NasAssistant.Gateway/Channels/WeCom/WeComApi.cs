using System.Text.Json.Nodes;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.WeCom;

/// <summary>
/// The two WeCom server APIs the channel calls: <c>gettoken</c> (the access token from the CorpID and the
/// application's Secret, kept in an <see cref="AccessTokenCache"/> and fetched again when WeCom says it is
/// invalid or expired) and <c>message/send</c> (a text message to one member). Every answer carries an
/// <c>errcode</c>: 0 is success; -1 (busy) is tried again; 45009 and 45033 are rate limits; 60020 means this
/// gateway's address is not among the application's trusted IPs; any other refusal of a message is final.
/// </summary>
internal sealed class WeComApi(WeComChannelConfig config, SecretFile secret, HttpClient http, TimeProvider time)
{
    private const string Platform = "WeCom";
    private static readonly long[] InvalidToken = [40014, 41001, 42001];
    private static readonly long[] RateLimits = [45009, 45033];
    private readonly AccessTokenCache _tokens = new(time);

    /// <summary>Fetches a fresh access token: the check that the CorpID and Secret are right.</summary>
    public Task CheckAsync(CancellationToken cancellationToken) => TokenAsync(renew: true, cancellationToken);

    /// <summary>Sends <paramref name="text"/> to member <paramref name="user"/> as the application.</summary>
    /// <exception cref="ReplyUndeliverableException">WeCom refused this message for good.</exception>
    /// <exception cref="PlatformException">WeCom is unreachable, busy, rate-limited or refuses the credentials.</exception>
    public async Task SendTextAsync(string user, string text, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["touser"] = user,
            ["msgtype"] = "text",
            ["agentid"] = config.AgentId,
            ["text"] = new JsonObject { ["content"] = text },
        }.ToJsonString();
        for (var renew = false; ; renew = true)
        {
            var token = await TokenAsync(renew, cancellationToken);
            var response = await PlatformHttp.PostAsync(http, Url($"/cgi-bin/message/send?access_token={Uri.EscapeDataString(token)}"), body, null, Platform, cancellationToken);
            var code = ErrorCode(response);
            if (code == 0)
            {
                if (!string.IsNullOrEmpty(response.Text("invaliduser")))
                {
                    throw new ReplyUndeliverableException($"WeCom did not deliver to member {user}: not visible to the application");
                }

                return;
            }

            if (InvalidToken.Contains(code) && !renew)
            {
                continue;
            }

            throw (Exception?)Refusal(response, code, "message/send") ?? new ReplyUndeliverableException($"WeCom refused the message ({code} {response.Text("errmsg")})");
        }
    }

    private Task<string> TokenAsync(bool renew, CancellationToken cancellationToken)
    {
        var corpSecret = secret.Value ?? throw new SecretUnavailableException(secret.Problem ?? $"secret file {secret.Path} is empty");
        return _tokens.GetAsync(corpSecret, renew, async () =>
        {
            var url = Url($"/cgi-bin/gettoken?corpid={Uri.EscapeDataString(config.CorpId)}&corpsecret={Uri.EscapeDataString(corpSecret)}");
            var response = await PlatformHttp.GetAsync(http, url, null, Platform, CancellationToken.None);
            var code = ErrorCode(response);
            if (code != 0)
            {
                throw Refusal(response, code, "gettoken")
                    ?? new PlatformException(ChannelReasons.BadToken, $"WeCom refused the CorpID or the application's Secret ({code} {response.Text("errmsg")}): check corpId and {secret.Path}");
            }

            var token = response.Text("access_token") ?? throw new PlatformException("WeCom's gettoken answered without an access_token");
            return (token, TimeSpan.FromSeconds(response.Number("expires_in") ?? 7200));
        }, cancellationToken);
    }

    private static PlatformException? Refusal(PlatformResponse response, long code, string api) => code switch
    {
        -1 => new PlatformException($"WeCom's {api} is busy (-1)"),
        60020 => new PlatformException(ChannelReasons.BadToken, $"WeCom refused calls from this gateway's address (60020): add it to the application's trusted IPs ({response.Text("errmsg")})"),
        _ when RateLimits.Contains(code) => new PlatformException(ChannelReasons.RateLimited, $"WeCom's {api} is rate-limited ({code})"),
        _ when InvalidToken.Contains(code) => new PlatformException(ChannelReasons.BadToken, $"WeCom refused a freshly fetched access token ({code})"),
        _ => null,
    };

    private static long ErrorCode(PlatformResponse response) =>
        response.Number("errcode") ?? throw new PlatformException($"WeCom answered {(int)response.Status} without an errcode");

    private Uri Url(string pathAndQuery) => new(config.ApiBaseUrl.TrimEnd('/') + pathAndQuery);
}
