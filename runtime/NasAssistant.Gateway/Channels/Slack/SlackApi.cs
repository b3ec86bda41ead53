using System.Net;
using System.Text.Json.Nodes;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>
/// The Web API methods the channel calls with its bot token: <c>auth.test</c> (who the bot is) and
/// <c>chat.postMessage</c>. Slack answers <c>{"ok":true,...}</c> or <c>{"ok":false,"error":...}</c>; HTTP 429 with
/// <c>Retry-After</c> (or the error <c>ratelimited</c>) is the rate limit; the token errors mark the token bad;
/// any other error about a message (<c>channel_not_found</c>, <c>not_in_channel</c>, ...) is final.
/// </summary>
internal sealed class SlackApi(SlackWebhookConfig config, SecretFile botToken, HttpClient http)
{
    private const string Platform = "Slack";
    private static readonly string[] TokenErrors = ["not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope"];

    /// <summary>The bot's workspace and user id: the check that the bot token is right.</summary>
    public async Task<(string Team, string User)> AuthTestAsync(CancellationToken cancellationToken)
    {
        var response = await CallAsync("auth.test", "{}", cancellationToken);
        if (Failure(response, "auth.test") is { } failure)
        {
            throw failure;
        }

        return Ok(response) && response.Text("team_id") is { } team && response.Text("user_id") is { } user
            ? (team, user)
            : throw new PlatformException(ChannelReasons.BadToken, $"Slack's auth.test failed ({response.Text("error")}): check {botToken.Path}");
    }

    /// <summary>Posts <paramref name="text"/> to <paramref name="channel"/>, in the thread of <paramref name="threadTs"/> when given.</summary>
    /// <exception cref="ReplyUndeliverableException">Slack refused this message for good.</exception>
    /// <exception cref="PlatformException">Slack is unreachable, rate-limited or refuses the token.</exception>
    public async Task PostMessageAsync(string channel, string text, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = text };
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        var response = await CallAsync("chat.postMessage", body.ToJsonString(), cancellationToken);
        if (Failure(response, "chat.postMessage") is { } failure)
        {
            throw failure;
        }

        if (!Ok(response))
        {
            throw new ReplyUndeliverableException($"Slack refused the message ({response.Text("error")})");
        }
    }

    private static bool Ok(PlatformResponse response) =>
        response.Body.ValueKind == System.Text.Json.JsonValueKind.Object && response.Body.TryGetProperty("ok", out var ok) && ok.ValueKind == System.Text.Json.JsonValueKind.True;

    private Task<PlatformResponse> CallAsync(string method, string json, CancellationToken cancellationToken)
    {
        var token = botToken.Value ?? throw new SecretUnavailableException(botToken.Problem ?? $"secret file {botToken.Path} is empty");
        return PlatformHttp.PostAsync(http, new Uri($"{config.ApiBaseUrl.TrimEnd('/')}/{method}"), json, token, Platform, cancellationToken);
    }

    // What a failed call that waiting may fix becomes (the rate limit, a bad token), or null.
    private PlatformException? Failure(PlatformResponse response, string method)
    {
        var error = response.Text("error");
        if (response.Status == HttpStatusCode.TooManyRequests || error == "ratelimited")
        {
            return new PlatformException(ChannelReasons.RateLimited, $"Slack's {method} is rate-limited", response.WaitFrom("Retry-After"));
        }

        return TokenErrors.Contains(error) || response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? new PlatformException(ChannelReasons.BadToken, $"Slack's {method} refused the bot token ({error ?? ((int)response.Status).ToString(System.Globalization.CultureInfo.InvariantCulture)}): check {botToken.Path}")
            : null;
    }
}
