namespace NasAssistant.Operator.Controller;

/// <summary>
/// The controller's work queue, with client-go's semantics: a key waiting is never queued twice, a key
/// added while it is being processed is handed out again once after <see cref="Done"/> (so one key is
/// never processed concurrently), failures are retried with per-key exponential backoff, and delayed
/// adds wait on timers. <see cref="ShutDown"/> stops handing out work.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    /// <summary>
    /// Longest delay a timer waits; longer delays (a certificate renewal months away) are cut to this.
    /// Timers cannot wait much beyond 49 days, and waking early only costs one idempotent reconcile.
    /// </summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(12);

    private readonly Lock _gate = new();
    private readonly Queue<ResourceKey> _ready = new();
    private readonly HashSet<ResourceKey> _dirty = [];
    private readonly HashSet<ResourceKey> _processing = [];
    private readonly Dictionary<ResourceKey, (DateTimeOffset Due, ITimer Timer, long Id)> _delayed = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ItemBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly Action<int>? _depthChanged;
    private long _timerIds;

    public WorkQueue(ItemBackoff backoff, TimeProvider time, Action<int>? depthChanged = null)
    {
        _backoff = backoff;
        _time = time;
        _depthChanged = depthChanged;
    }

    /// <summary>Keys ready to be handed out (not counting delayed ones or those being processed).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delayed add or a backoff to expire.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_gate)
            {
                return _delayed.Count;
            }
        }
    }

    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>Whether no key is ready or being processed (delayed keys wait on their timers).</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count == 0 && _processing.Count == 0;
            }
        }
    }

    public void Add(ResourceKey key)
    {
        lock (_gate)
        {
            if (IsShuttingDown || !_dirty.Add(key))
            {
                return;
            }

            if (!_processing.Contains(key))
            {
                EnqueueLocked(key);
            }
        }
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed; an earlier pending add wins.</summary>
    public void AddAfter(ResourceKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (IsShuttingDown)
            {
                return;
            }

            if (delay > MaxDelay)
            {
                delay = MaxDelay;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var id = ++_timerIds;
            var timer = _time.CreateTimer(_ => Fire(key, id), null, delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer, id);
        }
    }

    /// <summary>Adds <paramref name="key"/> after its next backoff delay (one more failure recorded).</summary>
    public TimeSpan AddRateLimited(ResourceKey key)
    {
        var delay = _backoff.NextDelay(key);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Resets the backoff of <paramref name="key"/> after a success.</summary>
    public void Forget(ResourceKey key) => _backoff.Forget(key);

    /// <summary>Consecutive failures of <paramref name="key"/> since its last success.</summary>
    public int Failures(ResourceKey key) => _backoff.Failures(key);

    /// <summary>
    /// Waits for a key and marks it as being processed; the caller must call <see cref="Done"/>.
    /// Returns null once the queue is shut down.
    /// </summary>
    public async Task<ResourceKey?> TakeAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            await _available.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (IsShuttingDown && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        lock (_gate)
        {
            if (IsShuttingDown)
            {
                return null;
            }

            var key = _ready.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key);
            _depthChanged?.Invoke(_ready.Count);
            return key;
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; if it was added meanwhile it is queued again.</summary>
    public void Done(ResourceKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !IsShuttingDown)
            {
                EnqueueLocked(key);
            }
        }
    }

    /// <summary>Stops handing out keys and drops pending delayed adds; waiting takers get null.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            if (IsShuttingDown)
            {
                return;
            }

            _shutdown.Cancel();
            foreach (var (_, timer, _) in _delayed.Values)
            {
                timer.Dispose();
            }

            _delayed.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _shutdown.Dispose();
        _available.Dispose();
    }

    private void Fire(ResourceKey key, long id)
    {
        lock (_gate)
        {
            // A timer replaced by an earlier add may still fire once; only the current one counts.
            if (!_delayed.TryGetValue(key, out var pending) || pending.Id != id)
            {
                return;
            }

            _delayed.Remove(key);
            pending.Timer.Dispose();
        }

        Add(key);
    }

    private void EnqueueLocked(ResourceKey key)
    {
        _ready.Enqueue(key);
        _available.Release();
        _depthChanged?.Invoke(_ready.Count);
    }
}
