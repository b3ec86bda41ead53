namespace NasAssistant.FakeKube.Diagnostics;

/// <summary>
/// Every request the fake answered, in order, so tests can count writes ("a converged resource costs
/// zero writes") or check that faults were hit.
/// </summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RequestRecord> _records = [];

    /// <summary>A snapshot of the log.</summary>
    public IReadOnlyList<RequestRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return _records.ToList();
            }
        }
    }

    /// <summary>Writes (create/update/patch/delete), optionally only those matching <paramref name="filter"/>.</summary>
    public int CountWrites(Func<RequestRecord, bool>? filter = null) => Count(r => r.IsWrite && (filter?.Invoke(r) ?? true));

    public int Count(Func<RequestRecord, bool> filter)
    {
        lock (_gate)
        {
            return _records.Count(filter);
        }
    }

    /// <summary>Requests with the given verb, optionally for one resource (plural, e.g. "configmaps").</summary>
    public int Count(string verb, string? resource = null) =>
        Count(r => r.Verb == verb && (resource is null || r.Resource == resource));

    /// <summary>Forgets everything logged so far (e.g. after setup, before measuring a resync).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }

    internal void Add(RequestRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }
}
