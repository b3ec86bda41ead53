namespace NasAssistant.Runtime.Conversations;

/// <summary>Background upkeep of the store: the retention sweep (at start, then hourly) and the gauges (every minute).</summary>
internal sealed partial class ConversationMaintenance(ConversationStore store, TimeProvider time, ILogger<ConversationMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan GaugeInterval = TimeSpan.FromMinutes(1);
    private const int GaugeRefreshesPerSweep = 60;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(GaugeInterval, time);
        var tick = 0;
        do
        {
            try
            {
                if (tick++ % GaugeRefreshesPerSweep == 0)
                {
                    await store.SweepAsync(stoppingToken);
                }

                store.RefreshGauges();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConversationLockedException)
            {
                // A shared volume hiccup must not stop upkeep; the next tick tries again.
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation upkeep failed; retrying on the next tick")]
    private partial void LogFailed(Exception exception);
}
