namespace NasAssistant.Gateway.Tests.Fakes;

/// <summary>Errors a fake answers the next calls of a method with, in the order they were queued.</summary>
public sealed class QueuedFaults<TFault>
    where TFault : class
{
    private readonly Dictionary<string, Queue<TFault>> _faults = new(StringComparer.Ordinal);

    /// <summary>The next call of <paramref name="method"/> fails with <paramref name="fault"/>.</summary>
    public void Add(string method, TFault fault)
    {
        lock (_faults)
        {
            if (!_faults.TryGetValue(method, out var queue))
            {
                _faults[method] = queue = new Queue<TFault>();
            }

            queue.Enqueue(fault);
        }
    }

    /// <summary>The fault for this call of <paramref name="method"/>, or null when none is queued.</summary>
    public TFault? Next(string method)
    {
        lock (_faults)
        {
            return _faults.TryGetValue(method, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }
}
