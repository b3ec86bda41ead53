using NasAssistant.Runtime.Config;
using Prometheus;

namespace NasAssistant.Gateway.Metrics;

/// <summary>The gateway's Prometheus metrics, under the names in <see cref="RuntimeMetricNames"/>; never labelled with a user, a chat or a secret.</summary>
internal static class GatewayMetrics
{
    private static readonly string[] ChannelLabels = ["channel", "kind"];

    /// <summary>Messages received from allowed users.</summary>
    public static readonly Counter MessagesReceived = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.GatewayMessagesReceived, "Messages received from a channel's allowed users.", ChannelLabels);

    /// <summary>Messages sent (each part of a split reply counts).</summary>
    public static readonly Counter MessagesSent = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.GatewayMessagesSent, "Messages sent to a channel; each part of a split reply counts.", ChannelLabels);

    /// <summary>Failures by stage.</summary>
    public static readonly Counter Errors = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.GatewayErrors, "Gateway failures by stage: receive, assistant, send.", "channel", "kind", "stage");

    /// <summary>Refusals sent to strangers.</summary>
    public static readonly Counter Refusals = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.GatewayRefusals, "Polite refusals sent to people not on a channel's allow-list.", ChannelLabels);

    /// <summary>Time from a message's arrival to its reply's last part being sent.</summary>
    public static readonly Histogram ReplyDuration = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.GatewayReplyDuration,
        "Time from a message's arrival to its reply's last part being sent, in seconds.",
        new HistogramConfiguration { LabelNames = ChannelLabels, Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });

    /// <summary>1 while a channel works.</summary>
    public static readonly Gauge ChannelReady = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.GatewayChannelReady, "1 while a channel is connected and working; the reason is in /status.", ChannelLabels);

    /// <summary>1 while this instance is the active one.</summary>
    public static readonly Gauge Leader = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.GatewayLeader, "1 while this gateway instance is the active one.");
}
