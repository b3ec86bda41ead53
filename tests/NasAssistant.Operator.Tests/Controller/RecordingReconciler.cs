using System.Collections.Concurrent;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>
/// An <see cref="IReconciler"/> that records every call and how many run at once (overall and per key),
/// and behaves as <see cref="Behavior"/> says (done by default).
/// </summary>
internal sealed class RecordingReconciler : IReconciler
{
    private readonly ConcurrentQueue<ResourceKey> _calls = new();
    private readonly ConcurrentDictionary<ResourceKey, int> _inFlightByKey = new();
    private readonly Lock _gate = new();
    private int _inFlight;

    public Func<ResourceKey, CancellationToken, Task<ReconcileResult>> Behavior { get; set; } = (_, _) => Task.FromResult(ReconcileResult.Done);

    public IReadOnlyList<ResourceKey> Calls => _calls.ToList();

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight { get; private set; }

    public int MaxInFlightPerKey { get; private set; }

    public int CallsFor(ResourceKey key) => _calls.Count(k => k == key);

    /// <summary>Every change matters to it, so the tests see everything the informers map to an owner.</summary>
    public bool Matters(ResourceEvent change) => true;

    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, IInformerCaches? caches, CancellationToken cancellationToken)
    {
        _calls.Enqueue(key);
        lock (_gate)
        {
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
            var forKey = _inFlightByKey.AddOrUpdate(key, 1, (_, n) => n + 1);
            MaxInFlightPerKey = Math.Max(MaxInFlightPerKey, forKey);
        }

        try
        {
            return await Behavior(key, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
                _inFlightByKey.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }
    }
}
