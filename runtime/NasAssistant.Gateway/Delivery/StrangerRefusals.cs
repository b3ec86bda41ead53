namespace NasAssistant.Gateway.Delivery;

/// <summary>
/// Decides when a stranger is refused: once per <c>refusalIntervalMinutes</c>, remembered in memory only
/// (nothing about a stranger is written anywhere), for a bounded number of strangers.
/// </summary>
internal sealed class StrangerRefusals(TimeSpan interval, TimeProvider time)
{
    private const int Capacity = 10_000;
    private readonly Dictionary<string, DateTimeOffset> _lastRefused = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="stranger"/> should get a refusal now; records it.</summary>
    public bool ShouldRefuse(string stranger)
    {
        var now = time.GetUtcNow();
        lock (_lastRefused)
        {
            if (_lastRefused.TryGetValue(stranger, out var last) && now - last < interval)
            {
                return false;
            }

            if (_lastRefused.Count >= Capacity)
            {
                // Forgetting the longest-ago refusal costs at most one more refusal to that stranger.
                _lastRefused.Remove(_lastRefused.MinBy(e => e.Value).Key);
            }

            _lastRefused[stranger] = now;
            return true;
        }
    }
}
