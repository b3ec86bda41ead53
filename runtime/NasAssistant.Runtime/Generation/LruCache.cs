namespace NasAssistant.Runtime.Generation;

/// <summary>
/// A bounded map from keys to disposable values that lends each value to one user at a time:
/// <see cref="Take"/> removes the value, <see cref="Put"/> brings it back. Past the capacity the least
/// recently put value is disposed. Thread-safe.
/// </summary>
/// <typeparam name="TValue">What is kept.</typeparam>
internal sealed class LruCache<TValue> : IDisposable
    where TValue : class, IDisposable
{
    private readonly int _capacity;
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value)>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, TValue Value)> _order = new();
    private bool _disposed;

    /// <summary>Keeps at most <paramref name="capacity"/> values; 0 keeps none.</summary>
    public LruCache(int capacity) => _capacity = Math.Max(0, capacity);

    /// <summary>Values kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>Removes and returns the value kept under <paramref name="key"/>, or null.</summary>
    public TValue? Take(string key)
    {
        lock (_gate)
        {
            if (!_byKey.Remove(key, out var node))
            {
                return null;
            }

            _order.Remove(node);
            return node.Value.Value;
        }
    }

    /// <summary>
    /// Keeps <paramref name="value"/> under <paramref name="key"/> as the most recent, disposing the value
    /// it replaces and whatever falls out past the capacity. Returns the keys that were evicted.
    /// </summary>
    public IReadOnlyList<string> Put(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var dropped = new List<TValue>();
        var evicted = new List<string>();
        lock (_gate)
        {
            if (_disposed || _capacity == 0)
            {
                dropped.Add(value);
            }
            else
            {
                if (_byKey.Remove(key, out var old))
                {
                    _order.Remove(old);
                    dropped.Add(old.Value.Value);
                }

                _byKey[key] = _order.AddFirst((key, value));
                while (_byKey.Count > _capacity)
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _byKey.Remove(last.Value.Key);
                    dropped.Add(last.Value.Value);
                    evicted.Add(last.Value.Key);
                }
            }
        }

        // Disposing can free a lot of native memory; do it outside the lock.
        foreach (var item in dropped)
        {
            item.Dispose();
        }

        return evicted;
    }

    /// <summary>Disposes every value kept; later puts are disposed at once.</summary>
    public void Dispose()
    {
        List<TValue> values;
        lock (_gate)
        {
            _disposed = true;
            values = _order.Select(n => n.Value).ToList();
            _order.Clear();
            _byKey.Clear();
        }

        foreach (var value in values)
        {
            value.Dispose();
        }
    }
}
