using System.Globalization;
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

    /// <summary>
    /// True when <paramref name="timestamp"/>, a Unix time counted in <paramref name="unit"/>s (a second, a millisecond),
    /// is no further than <paramref name="window"/> from <paramref name="now"/>, either way.
    /// </summary>
    public static bool IsFresh(string? timestamp, TimeSpan unit, DateTimeOffset now, TimeSpan window) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
        && count <= (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / unit.Ticks
        && (now - (DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(count * unit.Ticks))).Duration() <= window;
}
