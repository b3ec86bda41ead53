namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Work a simulated controller schedules for later on the fake's clock (a pod passing its readiness
/// probe, a Deployment's progress check), at most one pending per key. When due, the work is posted
/// back to the controller's loop, so it never runs alongside the loop's other work.
/// </summary>
internal sealed class DelayedWork(TimeProvider time, Action<Action> post) : IDisposable
{
    // Touched only on the loop (and by Dispose once the loop has stopped).
    private readonly Dictionary<string, ITimer> _timers = new(StringComparer.Ordinal);

    public bool IsScheduled(string key) => _timers.ContainsKey(key);

    /// <summary>Runs <paramref name="work"/> after <paramref name="due"/>, replacing what was scheduled for <paramref name="key"/>.</summary>
    public void Schedule(string key, TimeSpan due, Action work)
    {
        Cancel(key);
        ITimer? timer = null;
        timer = time.CreateTimer(_ => post(() =>
        {
            if (_timers.TryGetValue(key, out var current) && ReferenceEquals(current, timer))
            {
                Cancel(key);
                work();
            }
        }), null, due, Timeout.InfiniteTimeSpan);
        _timers[key] = timer;
    }

    public void Cancel(string key)
    {
        if (_timers.Remove(key, out var timer))
        {
            timer.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }
}
