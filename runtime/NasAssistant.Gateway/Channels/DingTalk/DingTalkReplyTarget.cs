using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.DingTalk;

/// <summary>
/// Replies through a message's <c>sessionWebhook</c> (<c>{"msgtype":"text","text":{"content":...}}</c>) until its
/// expiry, after which nothing can reach that conversation and the reply is given up. DingTalk answers an
/// <c>errcode</c>: 0 is success, 130101 means too many messages a minute; any other refusal is final.
/// </summary>
internal sealed class DingTalkReplyTarget(HttpClient http, Uri webhook, DateTimeOffset expires, PlatformCalls calls, TimeProvider time) : IReplyTarget
{
    /// <summary>Parts of at most 4000 UTF-16 units (12,000 bytes of UTF-8): long enough to read well, short enough for any robot message.</summary>
    public const int MessageLimit = 4000;

    private const string Platform = "DingTalk";
    private const long TooFast = 130101;

    /// <summary>The target of an inbox entry's route.</summary>
    public static DingTalkReplyTarget FromRoute(IReadOnlyDictionary<string, string> route, HttpClient http, PlatformCalls calls, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(route);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(route[DingTalkMessages.ExpiresKey], CultureInfo.InvariantCulture));
        return new DingTalkReplyTarget(http, new Uri(route[DingTalkMessages.WebhookKey]), expires, calls, time);
    }

    /// <inheritdoc />
    public int MaxMessageLength => MessageLimit;

    /// <inheritdoc />
    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        calls.CallAsync(async token =>
        {
            if (time.GetUtcNow() >= expires)
            {
                throw new ReplyUndeliverableException($"the conversation's session webhook expired at {expires:u}");
            }

            var body = new JsonObject { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = text } }.ToJsonString();
            var response = await PlatformHttp.PostAsync(http, webhook, body, null, Platform, token);
            switch (response.Number("errcode"))
            {
                case 0:
                    return;
                case TooFast:
                    throw new PlatformException(ChannelReasons.RateLimited, $"DingTalk's session webhook is rate-limited ({TooFast})");
                case var code:
                    throw new ReplyUndeliverableException($"DingTalk refused the message ({code?.ToString(CultureInfo.InvariantCulture) ?? $"HTTP {(int)response.Status}"} {response.Text("errmsg")})");
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task ShowTypingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
