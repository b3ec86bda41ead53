using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.FakeKube;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Leadership;
using NasAssistant.Gateway.Tests.Fakes.Telegram;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Operator.Tests.Controller;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;
using static NasAssistant.Gateway.Tests.Support.GatewayUnderTest;

namespace NasAssistant.Gateway.Tests.Status;

/// <summary>The active gateway records its channels' state in the operator's status ConfigMap, on the fake API server.</summary>
[Collection(SharedAssistant.Name)]
public sealed class ChannelStatusPublisherTests(AssistantServer assistant) : IDisposable
{
    private const string Namespace = "default";
    private const string StatusConfigMap = "family-gateway-status";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task TheLeader_RecordsEachChange_WithTheConfigDigest_AndNoSecret_InTheStatusConfigMap()
    {
        await using var kube = await FakeKubeServer.StartAsync(new FakeKubeOptions());
        using var client = kube.CreateClient();
        using var api = kube.CreateApi();
        await client.CoreV1.CreateNamespacedConfigMapAsync(OperatorsConfigMap(), Namespace);
        await using var telegram = await FakeTelegramBotApi.StartAsync();
        var config = Configure(_directory, telegram, assistant.BaseAddress) with
        {
            Lease = new GatewayLeaseConfig { Name = "family-gateway", Namespace = Namespace },
            StatusConfigMap = StatusConfigMap,
        };
        await using var gateway = await StartAsync(config, _ => LeaseLeadership.Create(api, config, TimeProvider.System, NullLogger<LeaseElection>.Instance, FastLeaseTimings), api);

        var connected = await WaitForReportAsync(client, r => r.Channels is [{ Reason: "Connected" }]);
        var tokenFile = config.Channels[0].Telegram!.TokenFile;
        await File.WriteAllTextAsync(tokenFile, telegram.Token[..^4] + "XXXX");
        var badToken = await WaitForReportAsync(client, r => r.Channels is [{ Reason: ChannelReasons.BadToken }]);
        var stored = (await client.CoreV1.ReadNamespacedConfigMapAsync(StatusConfigMap, Namespace)).Data[GatewayDefaults.StatusReportKey];

        Assert.Equal(GatewayConfigYaml.Digest(config), connected.ConfigDigest);
        Assert.Equal(("family", "telegram", true), (connected.Channels[0].Name, connected.Channels[0].Kind, connected.Channels[0].Ready));
        Assert.False(badToken.Channels[0].Ready);
        Assert.DoesNotContain(telegram.Token.Split(':')[1], stored, StringComparison.Ordinal);
        Assert.DoesNotContain("XXXX", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLease_IsCreatedFree_AndOwnedByTheStatusConfigMap_SoItGoesWithIt()
    {
        await using var kube = await FakeKubeServer.StartAsync(new FakeKubeOptions());
        using var client = kube.CreateClient();
        using var api = kube.CreateApi();
        var owner = await client.CoreV1.CreateNamespacedConfigMapAsync(OperatorsConfigMap(), Namespace);
        await using var telegram = await FakeTelegramBotApi.StartAsync();
        var config = Configure(_directory, telegram, assistant.BaseAddress) with
        {
            Lease = new GatewayLeaseConfig { Name = "family-gateway", Namespace = Namespace },
            StatusConfigMap = StatusConfigMap,
        };
        await using (var gateway = await StartAsync(config, _ => LeaseLeadership.Create(api, config, TimeProvider.System, NullLogger<LeaseElection>.Instance, FastLeaseTimings), api))
        {
            await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        }

        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("family-gateway", Namespace);
        await client.CoreV1.DeleteNamespacedConfigMapAsync(StatusConfigMap, Namespace);

        var reference = Assert.Single(lease.Metadata.OwnerReferences);
        Assert.Equal(("ConfigMap", StatusConfigMap, owner.Metadata.Uid), (reference.Kind, reference.Name, reference.Uid));
        await Eventually.TrueAsync(
            async () => (await client.CoordinationV1.ListNamespacedLeaseAsync(Namespace)).Items.All(l => l.Metadata.Name != "family-gateway"),
            "the garbage collector to delete the Lease with its owner", Limit);
    }

    public void Dispose() => _directory.Dispose();

    // As the operator makes it: labels, no data (the gateway fills it).
    private static V1ConfigMap OperatorsConfigMap() => new()
    {
        Metadata = new V1ObjectMeta { Name = StatusConfigMap, Labels = new Dictionary<string, string> { ["app.kubernetes.io/component"] = "gateway" } },
    };

    private static async Task<GatewayStatusReport> WaitForReportAsync(Kubernetes client, Func<GatewayStatusReport, bool> condition)
    {
        GatewayStatusReport? last = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var data = (await client.CoreV1.ReadNamespacedConfigMapAsync(StatusConfigMap, Namespace)).Data;
                last = data is not null && data.TryGetValue(GatewayDefaults.StatusReportKey, out var yaml) ? GatewayStatusReportJson.Parse(yaml, "status") : null;
                return last is not null && condition(last);
            },
            "the channel's state in the status ConfigMap", Limit);
        return last!;
    }
}
