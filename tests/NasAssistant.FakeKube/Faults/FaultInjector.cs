using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Faults;

/// <summary>
/// Makes the fake misbehave the way real API servers do under load: random errors (500/409/429),
/// latency, dropped watch streams, and forced conflicts on the next updates. Faults only affect HTTP
/// requests, never direct store access.
/// </summary>
public sealed class FaultInjector : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly WatchHub _hub;
    private readonly Random _random;
    private TimeSpan _minLatency;
    private TimeSpan _maxLatency;
    private string[] _latencyVerbs = [];
    private int _forcedConflicts;
    private Timer? _dropTimer;

    internal FaultInjector(WatchHub hub, int? seed)
    {
        _hub = hub;
        _random = seed is { } s ? new Random(s) : new Random();
    }

    /// <summary>Adds an error rule; rules add up (the first that fires wins).</summary>
    public void AddErrorRule(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Rate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rule.Rate, 1);
        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    /// <summary>Fails <paramref name="rate"/> of requests with the given verbs (all when none) with 500, 409 or 429.</summary>
    public void FailRandomly(double rate, params string[] verbs) =>
        AddErrorRule(new FaultRule { Rate = rate, StatusCodes = [500, 409, 429], Verbs = verbs });

    /// <summary>Delays matching requests by a random time in [min, max] (max defaults to min).</summary>
    public void AddLatency(TimeSpan min, TimeSpan? max = null, params string[] verbs)
    {
        lock (_gate)
        {
            _minLatency = min;
            _maxLatency = max ?? min;
            _latencyVerbs = verbs;
        }
    }

    /// <summary>The next <paramref name="count"/> updates (PUT or PATCH, any subresource) fail with 409 Conflict.</summary>
    public void ConflictNextUpdates(int count)
    {
        lock (_gate)
        {
            _forcedConflicts = count;
        }
    }

    /// <summary>Ends every open watch stream now (clients see the stream close and must re-watch).</summary>
    public int DropWatches() => _hub.DropAll();

    /// <summary>Drops all open watches every <paramref name="interval"/> until <see cref="Reset"/>.</summary>
    public void DropWatchesEvery(TimeSpan interval)
    {
        lock (_gate)
        {
            _dropTimer?.Dispose();
            _dropTimer = new Timer(_ => _hub.DropAll(), null, interval, interval);
        }
    }

    /// <summary>Turns every fault off.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _rules.Clear();
            _minLatency = _maxLatency = TimeSpan.Zero;
            _latencyVerbs = [];
            _forcedConflicts = 0;
            _dropTimer?.Dispose();
            _dropTimer = null;
        }
    }

    public void Dispose() => Reset();

    internal TimeSpan LatencyFor(string verb)
    {
        lock (_gate)
        {
            if (_maxLatency <= TimeSpan.Zero || (_latencyVerbs.Length > 0 && !_latencyVerbs.Contains(verb)))
            {
                return TimeSpan.Zero;
            }

            return _minLatency + ((_maxLatency - _minLatency) * _random.NextDouble());
        }
    }

    /// <summary>The error to answer instead of serving the request, if a fault fires.</summary>
    internal KubeApiException? Pick(string verb, string? qualifiedResource, string? resource, string? name)
    {
        lock (_gate)
        {
            if (verb is "update" or "patch" && _forcedConflicts > 0)
            {
                _forcedConflicts--;
                return KubeApiException.StaleObject(qualifiedResource ?? string.Empty, name ?? string.Empty);
            }

            foreach (var rule in _rules.Where(r => r.Applies(verb, resource)))
            {
                if (_random.NextDouble() >= rule.Rate)
                {
                    continue;
                }

                var code = rule.StatusCodes[_random.Next(rule.StatusCodes.Count)];
                return code switch
                {
                    409 => KubeApiException.StaleObject(qualifiedResource ?? string.Empty, name ?? string.Empty),
                    429 => KubeApiException.TooManyRequests(rule.RetryAfterSeconds),
                    503 => new KubeApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
                    400 => KubeApiException.BadRequest("injected fault: the request is malformed"),
                    403 => new KubeApiException(403, "Forbidden", $"{qualifiedResource} \"{name}\" is forbidden: injected fault"),
                    422 => KubeApiException.Invalid(resource ?? string.Empty, string.Empty, name ?? string.Empty,
                        [Errors.FieldError.Invalid("spec", "\"object\"", "injected fault")]),
                    _ => KubeApiException.Internal("injected fault"),
                };
            }

            return null;
        }
    }
}
