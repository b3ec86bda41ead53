using System.Text;
using k8s;
using k8s.Models;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Resources.Channels;
using NasAssistant.Operator.Tests.Controller;
using NasAssistant.Operator.Tests.Support;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>The channel gateway on the fake API server, with its real admission: made, reported on and taken away again.</summary>
public sealed class ChannelGatewayReconcileTests
{
    [Fact]
    public async Task NamingChannels_MakesEveryGatewayChild_OwnedAndAccepted_WithOneKeyTheAssistantTakes_ThenResyncsWriteNothing()
    {
        await using var h = await StartAsync();
        var ad = await h.CreateAsync("family", ChannelSpecs.TwoTelegramChannels);

        await h.ConvergeAsync("family");
        var key = Key(h);
        var resync = await h.ConvergeAsync("family");

        var expected = DesiredStateBuilder.GatewayChildren(ad, h.Settings).OfType<IKubernetesObject<V1ObjectMeta>>().Select(c => (c.Kind, c.Metadata.Name)).ToList();
        Assert.Equal(9, expected.Count);
        foreach (var (kind, name) in expected.Append(("Secret", "family-gateway-key")))
        {
            var child = Find(h, kind, name);
            Assert.True(child is not null, $"{kind} {name} was not created");
            var owner = Assert.Single(child.Metadata.OwnerReferences);
            Assert.Equal((ad.Metadata.Uid, true), (owner.Uid, owner.Controller));
            Assert.Equal(Naming.GatewayComponent, child.Metadata.Labels[Naming.ComponentLabel]);
        }

        Assert.Equal(1, resync);
        Assert.StartsWith("sk-gateway-", key, StringComparison.Ordinal);
        Assert.Equal(key, Key(h));
        var runtime = RuntimeConfigYaml.Parse(h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-config")!.Data[PodLayout.ConfigFileName], "runtime.yaml");
        Assert.Equal(GatewayPodLayout.KeyFile, runtime.Server.GatewayKeyFile);
        Assert.Null(h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-gateway-status")!.Data);

        // The key is in its Secret only: not in status, Events or anything else the operator wrote.
        var status = KubernetesJson.Serialize((await h.GetAsync("family")).Status);
        var events = KubernetesJson.Serialize(await h.Client.CoreV1.ListNamespacedEventAsync(Namespace));
        Assert.DoesNotContain(key, status + events, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Fake.Store.List<V1ConfigMap>(Namespace), c => c.Data?.Values.Any(v => v.Contains(key, StringComparison.Ordinal)) == true);
    }

    [Fact]
    public async Task EveryWebhookAndMqttKind_IsAccepted_AndRendersAConfigTheGatewayAccepts_WithItsSecretsMountedAndPortsOpen()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", ChannelSpecs.EveryWebhookAndMqttKind);

        await h.ConvergeAsync("family");
        var ad = await h.GetAsync("family");

        Assert.NotEqual(ConditionReasons.InvalidSpec, FindCondition(ad, ConditionTypes.Degraded)?.Reason);
        var config = GatewayConfigYaml.Parse(h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-gateway-config")!.Data[GatewayPodLayout.ConfigFileName], "gateway.yaml");
        Assert.Empty(GatewayConfigValidator.Validate(config));
        Assert.Equal(["wecom", "dingtalk", "feishu", "slack", "chat", "home", "sensors"], config.Channels.Select(c => c.Name));
        var pod = h.Fake.Store.Get<V1Deployment>(Namespace, "family-gateway")!.Spec.Template.Spec;
        var secrets = pod.Volumes.Single(v => v.Name == "channel-secrets").Projected.Sources.Select(s => s.Secret).ToList();
        Assert.Equal(["dingtalk", "feishu", "mattermost", "mqtt", "slack", "wecom"], secrets.Select(s => s.Name));
        Assert.Equal(["mqtt/ca.crt", "mqtt/password", "mqtt/username"], secrets.Single(s => s.Name == "mqtt").Items.Select(i => i.Path));
        Assert.Contains(pod.Containers[0].Ports, p => p.Name == GatewayPodLayout.WebhookPortName);
        Assert.Equal(GatewayPodLayout.WebhookPort, h.Fake.Store.Get<V1Service>(Namespace, "family-gateway")!.Spec.Ports.Single(p => p.Name == GatewayPodLayout.WebhookPortName).Port);
        var policy = h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family-gateway")!;
        Assert.Contains(policy.Spec.Egress, rule => rule.Ports is [{ Port.Value: "8883" }] && rule.To is [{ IpBlock.Cidr: "192.168.1.20/32" }]);
        Assert.Equal(1, await h.ConvergeAsync("family"));
    }

    [Fact]
    public async Task ChannelReady_FollowsWhatTheActiveGatewayRecords_InItsStatusConfigMap()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", ChannelSpecs.TwoTelegramChannels);

        var unavailable = await h.ReconcileUntilAsync("family", a => Reason(a, "family") == ConditionReasons.GatewayUnavailable);
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.Zero);
        var awaiting = await h.ReconcileUntilAsync("family", a => Reason(a, "family") == ConditionReasons.AwaitingGateway);
        var digest = GatewayConfigYaml.Digest(GatewayConfigBuilder.Build(awaiting, h.Settings)!);
        await RecordAsync(h, digest, ("family", false, "BadToken", "the Bot API refused the token in /etc/nas-assistant/channels/telegram/token"), ("office", true, "Connected", "webhook set"));
        var badToken = await h.ReconcileUntilAsync("family", a => Reason(a, "family") == "BadToken");
        await RecordAsync(h, digest, ("family", true, "Connected", "long polling"), ("office", false, "RateLimited", "retry after 30 s"));
        var connected = await h.ReconcileUntilAsync("family", a => Reason(a, "family") == "Connected");
        await h.ReconcileAsync("family");

        Assert.Equal("False", Condition(unavailable, "ChannelReady.family"));
        Assert.Equal("Unknown", Condition(awaiting, "ChannelReady.office"));
        Assert.Equal(("False", "BadToken"), (Condition(badToken, "ChannelReady.family"), Reason(badToken, "family")));
        Assert.Equal(("True", "Connected"), (Condition(badToken, "ChannelReady.office"), Reason(badToken, "office")));
        Assert.Equal("True", Condition(connected, "ChannelReady.family"));
        Assert.Equal(("False", "RateLimited"), (Condition(connected, "ChannelReady.office"), Reason(connected, "office")));
        Assert.Equal("retry after 30 s", FindCondition(connected, "ChannelReady.office")!.Message);

        // The operator's applies leave the gateway's record alone.
        Assert.Contains("long polling", h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-gateway-status")!.Data[GatewayDefaults.StatusReportKey], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovingTheChannels_DeletesEveryGatewayChild_TheGatewaysLease_AndTheirConditions()
    {
        await using var h = await StartAsync();
        var ad = await h.CreateAsync("family", ChannelSpecs.TwoTelegramChannels);
        await h.ConvergeAsync("family");
        var status = h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-gateway-status")!;
        await h.Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = "family-gateway", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = status.Metadata.Name, Uid = status.Metadata.Uid }] },
                Spec = new V1LeaseSpec { HolderIdentity = "family-gateway-7d9c-1", LeaseDurationSeconds = 15 },
            },
            Namespace);
        var withChannels = await h.ReconcileUntilAsync("family", a => FindCondition(a, "ChannelReady.family") is not null);

        await h.UpdateSpecAsync("family", spec => spec.Channels = null);
        var without = await h.ReconcileUntilAsync("family", a => a.Status!.Conditions!.All(c => !ChannelConditions.IsChannelCondition(c.Type)));

        Assert.NotNull(FindCondition(withChannels, "ChannelReady.office"));
        foreach (var (kind, name) in GatewayChildNames.All(ad))
        {
            await Eventually.TrueAsync(() => Find(h, kind.Kind, name) is null, $"{kind.Kind} {name} to be deleted", TimeSpan.FromSeconds(20));
        }

        await Eventually.TrueAsync(() => h.Fake.Store.Get<V1Lease>(Namespace, "family-gateway") is null, "the Lease to go with its ConfigMap", TimeSpan.FromSeconds(20));
        var runtime = RuntimeConfigYaml.Parse(h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-config")!.Data[PodLayout.ConfigFileName], "runtime.yaml");
        Assert.Null(runtime.Server.GatewayKeyFile);
        Assert.Equal("False", Condition(without, ConditionTypes.Degraded));
    }

    [Fact]
    public async Task TurningTheNetworkPolicyOff_WithChannels_DeletesBothPolicies_AndKeepsTheGateway()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", ChannelSpecs.TwoTelegramChannels);
        await h.ConvergeAsync("family");
        Assert.NotNull(h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family"));
        Assert.NotNull(h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family-gateway"));

        await h.UpdateSpecAsync("family", spec => spec.Network.Policy = false);
        await h.ConvergeAsync("family");

        await Eventually.TrueAsync(() => h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family") is null, "the assistant's NetworkPolicy to be deleted", TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family-gateway") is null, "the gateway's NetworkPolicy to be deleted", TimeSpan.FromSeconds(20));
        Assert.NotNull(h.Fake.Store.Get<V1Deployment>(Namespace, "family-gateway"));
    }

    [Fact]
    public async Task ASecretOfTheKeysName_ThatIsSomeoneElses_IsReportedAndLeftAlone()
    {
        await using var h = await StartAsync();
        await h.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "family-gateway-key" }, StringData = new Dictionary<string, string> { ["api-key"] = "theirs" } }, Namespace);
        await h.CreateAsync("family", ChannelSpecs.TwoTelegramChannels);

        var ad = await h.ReconcileUntilAsync("family", a => FindCondition(a, ConditionTypes.Degraded)?.Reason == ConditionReasons.ChildOwnedByOther);

        Assert.Contains("Secret family-gateway-key", FindCondition(ad, ConditionTypes.Degraded)!.Message, StringComparison.Ordinal);
        Assert.Equal("theirs", Encoding.ASCII.GetString(h.Fake.Store.Get<V1Secret>(Namespace, "family-gateway-key")!.Data["api-key"]));
    }

    private static string? Reason(NasAssistant.Operator.Api.AssistantDeployment ad, string channel) => FindCondition(ad, "ChannelReady." + channel)?.Reason;

    private static string Key(ReconcilerHarness h) =>
        Encoding.ASCII.GetString(h.Fake.Store.Get<V1Secret>(Namespace, "family-gateway-key")!.Data[GatewayPodLayout.KeyFileName]);

    private static IKubernetesObject<V1ObjectMeta>? Find(ReconcilerHarness h, string kind, string name) => kind switch
    {
        "ServiceAccount" => h.Fake.Store.Get<V1ServiceAccount>(Namespace, name),
        "Role" => h.Fake.Store.Get<V1Role>(Namespace, name),
        "RoleBinding" => h.Fake.Store.Get<V1RoleBinding>(Namespace, name),
        "ConfigMap" => h.Fake.Store.Get<V1ConfigMap>(Namespace, name),
        "PersistentVolumeClaim" => h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, name),
        "Service" => h.Fake.Store.Get<V1Service>(Namespace, name),
        "Deployment" => h.Fake.Store.Get<V1Deployment>(Namespace, name),
        "NetworkPolicy" => h.Fake.Store.Get<V1NetworkPolicy>(Namespace, name),
        "Secret" => h.Fake.Store.Get<V1Secret>(Namespace, name),
        _ => throw new ArgumentException($"no reader for {kind}", nameof(kind)),
    };

    // As the active gateway records its channels: a merge patch of the report, under its own field manager.
    private static async Task RecordAsync(ReconcilerHarness h, string digest, params (string Name, bool Ready, string Reason, string Message)[] channels)
    {
        var report = GatewayStatusReportJson.Serialize(new GatewayStatusReport
        {
            ConfigDigest = digest,
            Channels = [.. channels.Select(c => new GatewayChannelState { Name = c.Name, Kind = "telegram", Ready = c.Ready, Reason = c.Reason, Message = c.Message, Since = "2026-11-01T08:00:00.0000000+00:00" })],
        });
        var patch = new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { [GatewayDefaults.StatusReportKey] = report } };
        await h.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), "family-gateway-status", Namespace, fieldManager: GatewayDefaults.FieldManager);
    }
}
