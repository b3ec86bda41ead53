using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Watch;

/// <summary>
/// Fans changes out to open watches and keeps a bounded history of recent events, so a watch started
/// from a recent resourceVersion can be replayed and one older than the window gets 410 Gone.
/// </summary>
internal sealed class WatchHub
{
    private readonly Lock _gate = new();
    private readonly LinkedList<WatchEvent> _history = new();
    private readonly List<WatchSubscription> _subscribers = [];
    private readonly int _capacity;

    // Resource version of the newest event that fell out of the history (0 while nothing has).
    private long _compactedThrough;

    public WatchHub(int capacity) => _capacity = Math.Max(1, capacity);

    public void Publish(WatchEvent change)
    {
        lock (_gate)
        {
            _history.AddLast(change);
            while (_history.Count > _capacity)
            {
                _compactedThrough = _history.First!.Value.ResourceVersion;
                _history.RemoveFirst();
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(change);
            }
        }
    }

    /// <summary>
    /// Registers a watch that first receives every retained event newer than <paramref name="fromVersion"/>.
    /// Must be called while the store is locked so no event slips between replay and registration.
    /// </summary>
    public void Subscribe(WatchSubscription subscription, long? fromVersion, long currentVersion)
    {
        lock (_gate)
        {
            if (fromVersion is { } from)
            {
                if (from < _compactedThrough)
                {
                    throw KubeApiException.Expired($"too old resource version: {from} ({_compactedThrough + 1})");
                }

                foreach (var change in _history.Where(e => e.ResourceVersion > from))
                {
                    subscription.Offer(change);
                }
            }

            _subscribers.Add(subscription);
        }
    }

    public void Remove(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>Forgets all history up to <paramref name="currentVersion"/>: older watches then get 410.</summary>
    public void Compact(long currentVersion)
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = currentVersion;
        }
    }

    public int DropAll()
    {
        List<WatchSubscription> open;
        lock (_gate)
        {
            open = _subscribers.Where(s => s.Droppable).ToList();
        }

        foreach (var subscription in open)
        {
            subscription.Drop();
        }

        return open.Count;
    }
}
