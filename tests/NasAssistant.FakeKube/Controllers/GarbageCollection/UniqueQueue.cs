using System.Diagnostics.CodeAnalysis;

namespace NasAssistant.FakeKube.Controllers.GarbageCollection;

/// <summary>A work queue that holds each item once, in the order first added (client-go's workqueue).</summary>
internal sealed class UniqueQueue<T>
    where T : notnull
{
    private readonly Queue<T> _order = new();
    private readonly HashSet<T> _queued = [];

    public void Add(T item)
    {
        if (_queued.Add(item))
        {
            _order.Enqueue(item);
        }
    }

    public bool TryTake([MaybeNullWhen(false)] out T item)
    {
        if (_order.TryDequeue(out item))
        {
            _queued.Remove(item);
            return true;
        }

        return false;
    }
}
