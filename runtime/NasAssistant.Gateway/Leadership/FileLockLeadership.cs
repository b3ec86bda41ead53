using Microsoft.Extensions.Logging;

namespace NasAssistant.Gateway.Leadership;

/// <summary>
/// Outside Kubernetes: the instance holding an exclusive lock on <c>gateway.lock</c> in the data folder leads
/// (<c>flock</c>, which the kernel releases when the process dies, even by <c>kill -9</c>). A second instance on
/// the same folder waits as a standby and takes over within <see cref="RetryPeriod"/>.
/// </summary>
internal sealed partial class FileLockLeadership(string dataDirectory, TimeProvider time, ILogger<FileLockLeadership> logger) : ILeadership
{
    /// <summary>Pause between attempts to take the lock.</summary>
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(1);

    private readonly string _path = Path.Combine(dataDirectory, "gateway.lock");
    private volatile bool _leading;

    /// <inheritdoc />
    public bool IsLeader => _leading;

    /// <inheritdoc />
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var waiting = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            FileStream? held = null;
            try
            {
                // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix; another holder makes this throw.
                held = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException)
            {
                if (!waiting)
                {
                    LogStandby(_path);
                    waiting = true;
                }
            }

            if (held is not null)
            {
                await using (held)
                {
                    waiting = false;
                    _leading = true;
                    Metrics.GatewayMetrics.Leader.Set(1);
                    LogLeading(_path);
                    try
                    {
                        await lead(cancellationToken);
                    }
                    finally
                    {
                        _leading = false;
                        Metrics.GatewayMetrics.Leader.Set(0);
                    }
                }
            }

            try
            {
                await Task.Delay(RetryPeriod, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Active gateway instance: holding {Lock}")]
    private partial void LogLeading(string @lock);

    [LoggerMessage(Level = LogLevel.Information, Message = "Standby: another gateway instance holds {Lock}")]
    private partial void LogStandby(string @lock);
}
