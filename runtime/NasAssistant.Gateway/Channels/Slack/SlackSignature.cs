using System.Security.Cryptography;
using System.Text;
using NasAssistant.Gateway.Channels.Webhooks;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>
/// Slack's request signing ("Verifying requests from Slack"), version <c>v0</c>: <c>X-Slack-Signature</c> is
/// <c>v0=</c> and the hex HMAC-SHA256, keyed with the app's signing secret, of <c>v0:{timestamp}:{body}</c>, where
/// the timestamp is <c>X-Slack-Request-Timestamp</c> (Unix seconds). A request more than five minutes from now
/// is refused, so a captured one cannot be replayed later.
/// </summary>
internal static class SlackSignature
{
    /// <summary>How far from now a request's timestamp may be.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The <c>X-Slack-Signature</c> of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string signingSecret, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingSecret));
        hmac.AppendData(Encoding.UTF8.GetBytes($"v0:{timestamp}:"));
        hmac.AppendData(body);
        return "v0=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Why the headers do not prove the request is Slack's, or null when they do.</summary>
    public static string? Check(string signingSecret, string? timestamp, string? signature, byte[] body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return "no X-Slack-Request-Timestamp and X-Slack-Signature headers";
        }

        if (!WebhookSignatures.IsFresh(timestamp, TimeSpan.FromSeconds(1), now, Window))
        {
            return $"X-Slack-Request-Timestamp {timestamp} is more than five minutes from now (a replay?)";
        }

        return WebhookSignatures.Matches(signature, Compute(signingSecret, timestamp, body)) ? null : "X-Slack-Signature does not match (another signing secret?)";
    }
}
