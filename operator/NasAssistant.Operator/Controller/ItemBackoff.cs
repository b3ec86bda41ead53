namespace NasAssistant.Operator.Controller;

/// <summary>
/// Per-key exponential backoff: the n-th consecutive failure of a key waits <c>baseDelay × 2^(n-1)</c>,
/// capped at <c>maxDelay</c>; a success forgets the key.
/// </summary>
internal sealed class ItemBackoff
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceKey, int> _failures = [];
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public ItemBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    /// <summary>Records a failure of <paramref name="key"/> and returns how long to wait before retrying it.</summary>
    public TimeSpan NextDelay(ResourceKey key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
        }

        // Past 2^40 the product overflows long before any sane cap; the cap wins anyway.
        var factor = Math.Pow(2, Math.Min(failures, 40));
        var ticks = _baseDelay.Ticks * factor;
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Consecutive failures recorded for <paramref name="key"/>.</summary>
    public int Failures(ResourceKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    public void Forget(ResourceKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }
}
