namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// <see cref="KnownLog"/>s of recently used conversations, so a turn reads only what was appended since the last one
/// instead of the whole history. Bounded by the file bytes the entries cover; the least recently used go first. Thread-safe.
/// </summary>
internal sealed class KnownLogs(long budgetBytes)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Id, KnownLog Log)>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, KnownLog Log)> _order = new();
    private long _bytes;

    /// <summary>The entry for <paramref name="id"/>, or null.</summary>
    public KnownLog? Get(string id)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var node))
            {
                return null;
            }

            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Log;
        }
    }

    /// <summary>Records what was read of <paramref name="id"/>, dropping the least recently used past the budget.</summary>
    public void Set(string id, KnownLog log)
    {
        lock (_gate)
        {
            RemoveLocked(id);
            _byId[id] = _order.AddFirst((id, log));
            _bytes += log.Length;
            while (_bytes > budgetBytes && _order.Last is { } oldest)
            {
                RemoveLocked(oldest.Value.Id);
            }
        }
    }

    /// <summary>Forgets <paramref name="id"/>.</summary>
    public void Remove(string id)
    {
        lock (_gate)
        {
            RemoveLocked(id);
        }
    }

    private void RemoveLocked(string id)
    {
        if (_byId.Remove(id, out var node))
        {
            _order.Remove(node);
            _bytes -= node.Value.Log.Length;
        }
    }
}
