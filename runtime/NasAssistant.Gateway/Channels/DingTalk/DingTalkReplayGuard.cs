namespace NasAssistant.Gateway.Channels.DingTalk;

/// <summary>
/// DingTalk's signature covers the timestamp, not the body: anyone who saw one request could post another
/// body with its headers within the hour. So each signature is bound to the messages it first came with;
/// later, the same signature with another message is refused, while a redelivery of one of them passes.
/// </summary>
/// <remarks>
/// DingTalk signs with a millisecond timestamp, so two genuine messages sent in the same millisecond carry
/// the same signature. Every distinct message seen within <see cref="Burst"/> of the signature's first
/// sighting is therefore bound too. That gives a replayer nothing new: within seconds of the original
/// only a live interceptor holds the headers, and it could swap the original's body anyway, because the
/// signature does not cover it. Remembered in memory, for a bounded number of signatures.
/// </remarks>
internal sealed class DingTalkReplayGuard(TimeProvider time)
{
    /// <summary>How long after its first sighting a signature still admits a message it has not come with.</summary>
    public static readonly TimeSpan Burst = TimeSpan.FromSeconds(2);

    private const int Capacity = 10_000;
    private readonly Dictionary<string, Sighting> _seen = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="sign"/> may come with <paramref name="messageId"/>; records it.</summary>
    public bool Admits(string sign, string messageId)
    {
        var now = time.GetUtcNow();
        lock (_seen)
        {
            if (_seen.TryGetValue(sign, out var seen) && seen.Until > now)
            {
                if (seen.MessageIds.Contains(messageId))
                {
                    return true;
                }

                return now - seen.First <= Burst && seen.MessageIds.Add(messageId);
            }

            MakeRoom(now);

            _seen[sign] = new Sighting(now, [messageId]);
            return true;
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_seen.Count < Capacity)
        {
            return;
        }

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

    private sealed record Sighting(DateTimeOffset First, HashSet<string> MessageIds)
    {
        // A signature is accepted for an hour either side of its timestamp; two hours from first sight covers both.
        public DateTimeOffset Until => First + (2 * DingTalkSignature.Window);
    }
}
