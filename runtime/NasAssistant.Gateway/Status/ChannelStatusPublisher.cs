using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Channels;
using NasAssistant.Hosting.Kube;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Status;

/// <summary>
/// While this instance leads, records each channel's state in the status ConfigMap the operator made, whenever it
/// changes: the operator reads it from its informer cache for the <c>ChannelReady</c> conditions, and stays the only
/// writer of the assistant's status. The gateway needs no route to the operator, and the operator none to the gateway.
/// Only <c>data</c> is patched, which the operator never sets, so its apply and this patch leave each other alone.
/// </summary>
internal sealed partial class ChannelStatusPublisher(
    KubeApi api, string ns, string name, string configDigest, Func<IReadOnlyList<ChannelStatus>> current, TimeSpan interval, TimeProvider time, ILogger<ChannelStatusPublisher> logger)
{
    /// <summary>Publishes for one leadership term: at once, then on each change, at most once per <c>interval</c>.</summary>
    public async Task RunAsync(CancellationToken term)
    {
        string? published = null;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                var report = GatewayStatusReportJson.Serialize(Report(current()));
                if (report != published && await TryPublishAsync(report, term))
                {
                    published = report;
                }
            }
            while (await timer.WaitForNextTickAsync(term));
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // The term ended; the next leader publishes its own state.
        }
    }

    private GatewayStatusReport Report(IReadOnlyList<ChannelStatus> channels) => new()
    {
        ConfigDigest = configDigest,
        Channels = [.. channels.Select(c => new GatewayChannelState
        {
            Name = c.Channel,
            Kind = c.Kind,
            Ready = c.Ready,
            Reason = c.Reason,
            Message = c.Message,
            Since = c.Since.ToString("O", CultureInfo.InvariantCulture),
        })],
    };

    private async Task<bool> TryPublishAsync(string report, CancellationToken term)
    {
        var patch = new JsonObject { ["data"] = new JsonObject { [GatewayDefaults.StatusReportKey] = report } };
        try
        {
            await api.PatchAsync(
                ResourcePath.ConfigMaps(ns).Named(name), PatchKind.Merge, patch.ToJsonString(), GatewayDefaults.FieldManager, force: false, term);
            return true;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            LogNotPublished(ns, name, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the channels' state in ConfigMap {Namespace}/{Name}; trying again: {Reason}")]
    private partial void LogNotPublished(string @namespace, string name, string reason);
}
