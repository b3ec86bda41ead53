namespace NasAssistant.Operator.Controller;

/// <summary>
/// Gives memory back once a burst of reconciles is over. A burst (the first sync, a resync over every assistant) allocates
/// far more than the operator keeps: 500 assistants leave about 20 MB live, but the GC stays committed to the burst's
/// high-water mark, and an idle operator allocates nothing that would make it collect and decommit. So when the work queue
/// empties after enough allocation, one blocking, compacting, aggressive collection returns the free memory to the system.
/// It costs a few tens of milliseconds, at most once per <see cref="MinInterval"/>.
/// </summary>
internal sealed class IdleMemoryTrimmer
{
    /// <summary>What a burst allocates before it is worth a collection: a few hundred reconciles.</summary>
    public const long AllocationThreshold = 32L * 1024 * 1024;

    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly Func<long> _allocatedBytes;
    private readonly Action _collect;
    private readonly Lock _gate = new();
    private long _allocatedAtLastTrim;
    private DateTimeOffset _lastTrim;

    public IdleMemoryTrimmer(TimeProvider time)
        : this(time, () => GC.GetTotalAllocatedBytes(), () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true))
    {
    }

    /// <summary>With the allocation counter and the collection given (tests).</summary>
    public IdleMemoryTrimmer(TimeProvider time, Func<long> allocatedBytes, Action collect)
    {
        _time = time;
        _allocatedBytes = allocatedBytes;
        _collect = collect;
        _allocatedAtLastTrim = allocatedBytes();
        _lastTrim = time.GetUtcNow();
    }

    /// <summary>Called when the work queue has just emptied; collects if the work since the last collection warrants it.</summary>
    /// <returns>Whether it collected.</returns>
    public bool OnIdle()
    {
        lock (_gate)
        {
            var allocated = _allocatedBytes();
            var now = _time.GetUtcNow();
            if (allocated - _allocatedAtLastTrim < AllocationThreshold || now - _lastTrim < MinInterval)
            {
                return false;
            }

            _collect();
            _allocatedAtLastTrim = _allocatedBytes();
            _lastTrim = _time.GetUtcNow();
            return true;
        }
    }
}
