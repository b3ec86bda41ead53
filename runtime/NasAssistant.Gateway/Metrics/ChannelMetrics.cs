using System.Diagnostics;

namespace NasAssistant.Gateway.Metrics;

/// <summary>One channel's series of <see cref="GatewayMetrics"/>.</summary>
internal sealed class ChannelMetrics(string channel, string kind)
{
    /// <summary>Counts a message from an allowed user.</summary>
    public void Received() => GatewayMetrics.MessagesReceived.WithLabels(channel, kind).Inc();

    /// <summary>Counts a message sent.</summary>
    public void Sent() => GatewayMetrics.MessagesSent.WithLabels(channel, kind).Inc();

    /// <summary>Counts a refusal sent to a stranger.</summary>
    public void Refused() => GatewayMetrics.Refusals.WithLabels(channel, kind).Inc();

    /// <summary>Counts a failure at <paramref name="stage"/>.</summary>
    public void Failed(ErrorStage stage) => GatewayMetrics.Errors.WithLabels(channel, kind, stage.ToString().ToLowerInvariant()).Inc();

    /// <summary>Records a reply whose message arrived at <paramref name="arrivedTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Replied(long arrivedTimestamp) =>
        GatewayMetrics.ReplyDuration.WithLabels(channel, kind).Observe(Stopwatch.GetElapsedTime(arrivedTimestamp).TotalSeconds);

    /// <summary>Sets the channel's readiness gauge.</summary>
    public void SetReady(bool ready) => GatewayMetrics.ChannelReady.WithLabels(channel, kind).Set(ready ? 1 : 0);
}
