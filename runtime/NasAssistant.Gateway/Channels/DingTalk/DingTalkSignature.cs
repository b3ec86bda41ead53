using System.Security.Cryptography;
using System.Text;
using NasAssistant.Gateway.Channels.Webhooks;

namespace NasAssistant.Gateway.Channels.DingTalk;

/// <summary>
/// The signature DingTalk puts on each message it posts to a robot ("接收消息"): headers <c>timestamp</c> (Unix
/// milliseconds) and <c>sign</c>, the Base64 of HMAC-SHA256 keyed with the AppSecret over
/// <c>timestamp + "\n" + AppSecret</c>. A request is DingTalk's only when both match and the timestamp is
/// within an hour of now. The signature does not cover the body.
/// </summary>
internal static class DingTalkSignature
{
    /// <summary>How far from now a timestamp may be.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The <c>sign</c> of <paramref name="timestamp"/> under <paramref name="appSecret"/>.</summary>
    public static string Compute(string appSecret, string timestamp)
    {
        var key = Encoding.UTF8.GetBytes(appSecret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(timestamp + "\n" + appSecret)));
    }

    /// <summary>Why the headers do not prove the request is DingTalk's, or null when they do.</summary>
    public static string? Check(string appSecret, string? timestamp, string? sign, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(sign))
        {
            return "no timestamp and sign headers";
        }

        if (!WebhookSignatures.IsFresh(timestamp, TimeSpan.FromMilliseconds(1), now, Window))
        {
            return $"timestamp {timestamp} is more than an hour from now";
        }

        return WebhookSignatures.Matches(sign, Compute(appSecret, timestamp)) ? null : "sign does not match (another AppSecret?)";
    }
}
