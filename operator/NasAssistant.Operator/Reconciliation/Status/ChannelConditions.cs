using System.Text.RegularExpressions;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Reconciliation.Channels;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>
/// One ChannelReady.NAME condition per channel, from the gateway's own report in its status ConfigMap: the operator
/// copies the gateway's reason (BadToken, Unreachable, RateLimited, ...) once the report is about the configuration
/// it renders now and a gateway pod is active. Pure.
/// </summary>
internal static partial class ChannelConditions
{
    /// <summary>The condition type of every channel's: ChannelReady.NAME.</summary>
    public const string TypePrefix = "ChannelReady.";

    private const int MaxMessageLength = 1024;

    /// <summary>Whether <paramref name="type"/> is a channel's condition.</summary>
    public static bool IsChannelCondition(string type) => type.StartsWith(TypePrefix, StringComparison.Ordinal);

    public static IReadOnlyList<V1Condition> Compute(
        AssistantDeployment ad, GatewayObservation? gateway, IEnumerable<V1Condition>? previous, long generation, DateTime now)
    {
        if (!ad.Spec.HasChannels() || gateway is null)
        {
            return [];
        }

        var (report, problem) = Read(gateway);
        return [.. ad.Spec.Channels!.Select(channel =>
        {
            var (ready, reason, message) = State(channel, gateway, report, problem);
            return Conditions.Make(previous, TypePrefix + channel.Name, ready, reason, message, generation, now);
        })];
    }

    private static (bool? Ready, string Reason, string Message) State(ChannelSpec channel, GatewayObservation gateway, GatewayStatusReport? report, string? problem)
    {
        if ((gateway.Deployment?.Status?.ReadyReplicas ?? 0) == 0)
        {
            return (false, ConditionReasons.GatewayUnavailable, "no gateway pod is active: see the pods of Deployment " + gateway.Deployment?.Metadata?.Name);
        }

        if (problem is not null)
        {
            return (null, ConditionReasons.AwaitingGateway, problem);
        }

        if (report is null || report.ConfigDigest != gateway.ConfigDigest)
        {
            return (null, ConditionReasons.AwaitingGateway, "waiting for the gateway to report on the current configuration");
        }

        var state = report.Channels.FirstOrDefault(c => c.Name == channel.Name);
        if (state is null)
        {
            return (null, ConditionReasons.AwaitingGateway, "the gateway has not reported on this channel yet");
        }

        // The gateway is trusted with its messengers, not with the operator's status: a reason the API server would
        // refuse in a condition, or an endless message, must not stop every status write.
        var reason = ConditionReason().IsMatch(state.Reason) ? state.Reason : ConditionReasons.GatewayReported;
        var message = state.Message.Length > MaxMessageLength ? state.Message[..MaxMessageLength] : state.Message;
        return (state.Ready, reason, message);
    }

    private static (GatewayStatusReport? Report, string? Problem) Read(GatewayObservation gateway)
    {
        if (gateway.Report is null)
        {
            return (null, null);
        }

        try
        {
            return (GatewayStatusReportJson.Parse(gateway.Report, GatewayDefaults.StatusReportKey), null);
        }
        catch (RuntimeConfigException e)
        {
            return (null, "the gateway's report cannot be read: " + e.Message);
        }
    }

    // metav1.Condition's reason: CamelCase, at most 1024 characters.
    [GeneratedRegex("^[A-Za-z]([A-Za-z0-9_,:]{0,1022}[A-Za-z0-9_])?$")]
    private static partial Regex ConditionReason();
}
