using System.Diagnostics;

namespace NasAssistant.Runtime.Batching;

/// <summary>
/// Runs requests for one model together: a batch closes when it holds <c>maxBatchSize</c> rows or
/// when its oldest request has waited <c>maxBatchDelay</c>. The queue is bounded, so overload is
/// refused at once instead of growing memory, and a cancelled request leaves the queue at once.
/// Each worker thread forms and runs its own batches, so with one worker per core the cores run
/// separate batches side by side instead of splitting every operator of one batch between them.
/// </summary>
/// <typeparam name="TRequest">What a caller submits.</typeparam>
/// <typeparam name="TResult">What the caller gets back.</typeparam>
internal sealed class DynamicBatcher<TRequest, TResult> : IDisposable
{
    private readonly string _model;
    private readonly int _maxBatchRows;
    private readonly long _maxDelayTicks;
    private readonly int _maxQueueLength;
    private readonly Func<IReadOnlyList<TRequest>, TResult[]> _execute;
    private readonly IBatchObserver _observer;
    private readonly object _gate = new();
    private readonly LinkedList<Entry> _queue = new();
    private readonly Thread[] _workers;
    private bool _stopping;
    private int _peakQueueDepth;
    private double _averageBatchSeconds;

    /// <summary>Starts the worker threads.</summary>
    /// <param name="model">Model name, for messages.</param>
    /// <param name="maxBatchRows">Most rows run in one call; a single larger request still runs alone.</param>
    /// <param name="maxDelay">Longest the oldest request waits for others.</param>
    /// <param name="maxQueueLength">Most requests waiting; more are refused.</param>
    /// <param name="workers">Batches run at once; <paramref name="execute"/> must be safe to call from that many threads.</param>
    /// <param name="execute">Runs one batch; returns one result per request, in order.</param>
    /// <param name="observer">Receives queue and batch events.</param>
    public DynamicBatcher(
        string model,
        int maxBatchRows,
        TimeSpan maxDelay,
        int maxQueueLength,
        int workers,
        Func<IReadOnlyList<TRequest>, TResult[]> execute,
        IBatchObserver observer)
    {
        _model = model;
        _maxBatchRows = Math.Max(1, maxBatchRows);
        _maxDelayTicks = (long)(maxDelay.TotalSeconds * Stopwatch.Frequency);
        _maxQueueLength = Math.Max(1, maxQueueLength);
        _execute = execute;
        _observer = observer;
        _workers = Enumerable.Range(0, Math.Max(1, workers))
            .Select(i => new Thread(Work) { IsBackground = true, Name = $"batcher-{model}-{i}" })
            .ToArray();
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>Most requests that were ever waiting at once.</summary>
    public int PeakQueueDepth => Volatile.Read(ref _peakQueueDepth);

    /// <summary>Queues a request of <paramref name="rows"/> rows and completes when its batch has run.</summary>
    /// <exception cref="QueueFullException">The queue is full (thrown synchronously).</exception>
    /// <exception cref="BatcherStoppedException">The batcher is stopping.</exception>
    public Task<TResult> SubmitAsync(TRequest request, int rows, CancellationToken cancellationToken)
    {
        var entry = new Entry(this, request, Math.Max(1, rows), Stopwatch.GetTimestamp());
        int depth;
        lock (_gate)
        {
            if (_stopping)
            {
                throw new BatcherStoppedException();
            }

            if (_queue.Count >= _maxQueueLength)
            {
                _observer.Rejected("queue_full");
                throw new QueueFullException(_model, _queue.Count, EstimateRetryAfter(_queue.Count));
            }

            entry.Node = _queue.AddLast(entry);
            depth = _queue.Count;
            if (depth > _peakQueueDepth)
            {
                Volatile.Write(ref _peakQueueDepth, depth);
            }

            Monitor.Pulse(_gate);
        }

        _observer.QueueDepthChanged(depth);
        if (cancellationToken.CanBeCanceled)
        {
            entry.Registration = cancellationToken.Register(static state => ((Entry)state!).Owner.Cancel((Entry)state!), entry);
        }

        return entry.Completion.Task;
    }

    /// <summary>Stops taking requests, runs those already queued, then ends the workers.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }
    }

    private void Cancel(Entry entry)
    {
        int? depth = null;
        lock (_gate)
        {
            // Still queued: give the slot back now so the request costs no batch row.
            if (entry.Node?.List is not null)
            {
                _queue.Remove(entry.Node);
                depth = _queue.Count;
            }
        }

        if (entry.Completion.TrySetCanceled())
        {
            _observer.Rejected("cancelled");
        }

        if (depth is { } d)
        {
            _observer.QueueDepthChanged(d);
        }
    }

    private void Work()
    {
        var batch = new List<Entry>(_maxBatchRows);
        while (true)
        {
            batch.Clear();
            int depth;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                var first = Dequeue();
                batch.Add(first);
                var rows = first.Rows;
                var deadline = first.EnqueuedAt + _maxDelayTicks;
                while (rows < _maxBatchRows)
                {
                    if (_queue.First is { } next)
                    {
                        if (rows + next.Value.Rows > _maxBatchRows)
                        {
                            break;
                        }

                        batch.Add(Dequeue());
                        rows += next.Value.Rows;
                        continue;
                    }

                    var remaining = deadline - Stopwatch.GetTimestamp();
                    if (remaining <= 0 || _stopping)
                    {
                        break;
                    }

                    Monitor.Wait(_gate, TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
                }

                depth = _queue.Count;
            }

            _observer.QueueDepthChanged(depth);
            Run(batch);
        }
    }

    private Entry Dequeue()
    {
        var node = _queue.First!;
        _queue.RemoveFirst();
        return node.Value;
    }

    private void Run(List<Entry> batch)
    {
        // A client that went away while its batch was forming is skipped, not computed.
        var live = batch.Where(e => !e.Completion.Task.IsCompleted).ToArray();
        foreach (var entry in batch)
        {
            entry.Registration.Dispose();
        }

        if (live.Length == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = _execute(live.Select(e => e.Request).ToArray());
            var elapsed = Stopwatch.GetElapsedTime(started);
            _observer.BatchExecuted(live.Length, elapsed);
            // Only an estimate for Retry-After: a worker's update may overwrite another's.
            _averageBatchSeconds = (_averageBatchSeconds * 0.8) + (elapsed.TotalSeconds * 0.2);
            for (var i = 0; i < live.Length; i++)
            {
                live[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (Exception e)
        {
            _observer.BatchExecuted(live.Length, Stopwatch.GetElapsedTime(started));
            foreach (var entry in live)
            {
                entry.Completion.TrySetException(e);
            }
        }
    }

    private TimeSpan EstimateRetryAfter(int queued)
    {
        var seconds = Math.Ceiling((double)queued / _maxBatchRows / _workers.Length * _averageBatchSeconds);
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60));
    }

    private sealed class Entry(DynamicBatcher<TRequest, TResult> owner, TRequest request, int rows, long enqueuedAt)
    {
        public DynamicBatcher<TRequest, TResult> Owner { get; } = owner;

        public TRequest Request { get; } = request;

        public int Rows { get; } = rows;

        public long EnqueuedAt { get; } = enqueuedAt;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Entry>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
