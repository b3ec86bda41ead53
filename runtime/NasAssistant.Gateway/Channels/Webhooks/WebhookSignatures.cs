using System.Security.Cryptography;
using System.Text;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>What the platforms' request signatures have in common: comparing in constant time, and the replay window.</summary>
internal static class WebhookSignatures
{
    /// <summary>True when <paramref name="presented"/> equals <paramref name="expected"/>, in time that does not depend on where they differ.</summary>
    public static bool Matches(string? presented, string expected) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>True when <paramref name="signedAt"/> is no further than <paramref name="window"/> from <paramref name="now"/>, either way.</summary>
    public static bool IsFresh(DateTimeOffset signedAt, DateTimeOffset now, TimeSpan window) =>
        (now - signedAt).Duration() <= window;
}
