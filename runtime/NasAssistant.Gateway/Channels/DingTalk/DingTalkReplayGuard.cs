namespace NasAssistant.Gateway.Channels.DingTalk;

/// <summary>
/// DingTalk's signature covers the timestamp, not the body: anyone who saw one request could post another
/// body with its headers within the hour. So each signature is bound to the first message it came with, for
/// as long as it is valid; the same signature with another message is refused, while a redelivery of that
/// message passes. Remembered in memory, for a bounded number of signatures.
/// </summary>
internal sealed class DingTalkReplayGuard(TimeProvider time)
{
    private const int Capacity = 10_000;
    private readonly Dictionary<string, (string MessageId, DateTimeOffset Until)> _seen = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="sign"/> has come with no message other than <paramref name="messageId"/>; records it.</summary>
    public bool Admits(string sign, string messageId)
    {
        var now = time.GetUtcNow();
        lock (_seen)
        {
            if (_seen.TryGetValue(sign, out var seen) && seen.Until > now)
            {
                return seen.MessageId == messageId;
            }

            if (_seen.Count >= Capacity)
            {
                foreach (var expired in _seen.Where(e => e.Value.Until <= now).Select(e => e.Key).ToArray())
                {
                    _seen.Remove(expired);
                }

                if (_seen.Count >= Capacity)
                {
                    // Forgetting the oldest costs nothing while its timestamp is checked: it expires first.
                    _seen.Remove(_seen.MinBy(e => e.Value.Until).Key);
                }
            }

            // A signature is accepted for an hour either side of its timestamp; two hours from first sight covers both.
            _seen[sign] = (messageId, now + (2 * DingTalkSignature.Window));
            return true;
        }
    }
}
