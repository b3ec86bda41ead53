using k8s.Models;
using NasAssistant.Operator.Reconciliation.Channels;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Tests.Reconciliation.Status;

/// <summary>One ChannelReady.NAME per channel, from the gateway's report once it is current and a gateway pod is active.</summary>
public sealed class ChannelConditionsTests
{
    private const string Digest = "current-digest";
    private static readonly DateTime Now = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly NasAssistant.Operator.Api.AssistantDeployment Resource = TestResources.WithSpec("""
        channels:
        - {name: family, telegram: {tokenSecretRef: {name: tg, key: token}}}
        - {name: office, telegram: {tokenSecretRef: {name: tg2, key: token}}}
        """);

    public static TheoryData<int, string?, string, string, string> Cases() => new()
    {
        // ready gateway pods, report, then family's expected status, reason and message fragment
        { 0, Report(Digest, ("family", true, "Connected", "long polling")), "False", "GatewayUnavailable", "no gateway pod is active" },
        { 1, null, "Unknown", "AwaitingGateway", "current configuration" },
        { 1, Report("older-digest", ("family", true, "Connected", "long polling")), "Unknown", "AwaitingGateway", "current configuration" },
        { 1, Report(Digest, ("office", true, "Connected", "long polling")), "Unknown", "AwaitingGateway", "not reported on this channel" },
        { 1, Report(Digest, ("family", true, "Connected", "long polling")), "True", "Connected", "long polling" },
        { 1, Report(Digest, ("family", false, "BadToken", "getMe answered 401")), "False", "BadToken", "getMe answered 401" },
        { 1, Report(Digest, ("family", false, "Unreachable", "api.telegram.org: connection timed out")), "False", "Unreachable", "timed out" },
        { 1, Report(Digest, ("family", false, "RateLimited", "retry after 30 s")), "False", "RateLimited", "retry after" },
        { 1, Report(Digest, ("family", false, "not a reason!", "x")), "False", "GatewayReported", "x" },
        { 1, "channels: [unclosed", "Unknown", "AwaitingGateway", "cannot be read" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FamilysCondition_FollowsTheGateway(int readyPods, string? report, string status, string reason, string message)
    {
        var gateway = new GatewayObservation(new V1Deployment { Metadata = new V1ObjectMeta { Name = "family-gateway" }, Status = new V1DeploymentStatus { ReadyReplicas = readyPods } }, report, Digest);

        var conditions = ChannelConditions.Compute(Resource, gateway, previous: null, generation: 4, Now);

        Assert.Equal(["ChannelReady.family", "ChannelReady.office"], conditions.Select(c => c.Type));
        var family = conditions[0];
        Assert.Equal((status, reason, 4L), (family.Status, family.Reason, family.ObservedGeneration));
        Assert.Contains(message, family.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndlessMessage_IsCut_SoTheStatusWriteStillSucceeds()
    {
        var gateway = new GatewayObservation(
            new V1Deployment { Status = new V1DeploymentStatus { ReadyReplicas = 1 } }, Report(Digest, ("family", false, "Unreachable", new string('x', 100_000))), Digest);

        var family = ChannelConditions.Compute(Resource, gateway, previous: null, generation: 1, Now)[0];

        Assert.Equal(1024, family.Message.Length);
    }

    [Fact]
    public void WithoutChannels_ThereIsNoChannelCondition()
    {
        var resource = TestResources.WithSpec("replicas: 1\n");

        Assert.Empty(ChannelConditions.Compute(resource, gateway: null, previous: null, generation: 1, Now));
        Assert.True(ChannelConditions.IsChannelCondition("ChannelReady.family"));
        Assert.False(ChannelConditions.IsChannelCondition(ConditionTypes.Ready));
    }

    private static string Report(string digest, params (string Name, bool Ready, string Reason, string Message)[] channels) =>
        GatewayStatusReportJson.Serialize(new GatewayStatusReport
        {
            ConfigDigest = digest,
            Channels = [.. channels.Select(c => new GatewayChannelState { Name = c.Name, Kind = "telegram", Ready = c.Ready, Reason = c.Reason, Message = c.Message, Since = "2026-11-01T07:59:00.0000000+00:00" })],
        });
}
