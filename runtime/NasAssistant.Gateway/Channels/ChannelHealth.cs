using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Metrics;

namespace NasAssistant.Gateway.Channels;

/// <summary>A channel's current <see cref="ChannelStatus"/>, kept by its adapter and logged and exported when it changes.</summary>
internal sealed partial class ChannelHealth
{
    private readonly ChannelMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private ChannelStatus _current;

    /// <summary>Starts as not ready, <see cref="ChannelReasons.Starting"/>.</summary>
    public ChannelHealth(string channel, string kind, ChannelMetrics metrics, TimeProvider time, ILogger logger)
    {
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _current = new ChannelStatus(channel, kind, false, ChannelReasons.Starting, "starting", time.GetUtcNow());
        metrics.SetReady(false);
    }

    /// <summary>The status now.</summary>
    public ChannelStatus Current => Volatile.Read(ref _current);

    /// <summary>Records the channel's state; <paramref name="message"/> must already be free of secrets.</summary>
    public void Report(bool ready, string reason, string message)
    {
        ChannelStatus before;
        ChannelStatus after;
        lock (_gate)
        {
            before = _current;
            var changed = before.Ready != ready || before.Reason != reason;
            after = before with { Ready = ready, Reason = reason, Message = message, Since = changed ? _time.GetUtcNow() : before.Since };
            _current = after;
        }

        _metrics.SetReady(ready);
        if (before.Ready != ready || before.Reason != reason)
        {
            LogChanged(after.Channel, ready, reason, message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: ready={Ready} ({Reason}): {Message}")]
    private partial void LogChanged(string channel, bool ready, string reason, string message);
}
