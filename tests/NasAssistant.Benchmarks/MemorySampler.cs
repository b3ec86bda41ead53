using System.Diagnostics;

namespace NasAssistant.Benchmarks;

/// <summary>Samples a process's resident memory (this one's, or a child's) every 100 ms and keeps the peak.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Func<long> _read;
    private readonly Timer _timer;
    private long _peak;

    /// <summary>Samples this process.</summary>
    public MemorySampler()
        : this(() => Environment.WorkingSet)
    {
    }

    /// <summary>Samples <paramref name="process"/>.</summary>
    public MemorySampler(Process process)
        : this(() => ProcessMemory.Rss(process.Id))
    {
    }

    private MemorySampler(Func<long> read)
    {
        _read = read;
        Sample();
        _timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Highest resident set size seen, in bytes.</summary>
    public long PeakBytes => Interlocked.Read(ref _peak);

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = _read();
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
