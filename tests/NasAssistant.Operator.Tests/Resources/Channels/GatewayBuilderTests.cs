using k8s.Models;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Resources.Channels;
using NasAssistant.Operator.Tests.Support;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Tests.Resources.Channels;

/// <summary>The gateway's children as the builders make them: what the gateway reads, what it may do, where it may connect.</summary>
public sealed class GatewayBuilderTests
{
    private static readonly OperatorSettings Settings = new();

    [Fact]
    public void GatewayConfig_IsReadableByTheGatewaysOwnParser_AndNamesOnlyMountedFiles()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels);

        var (config, pod) = Render(resource);

        Assert.Equal(GatewayConfigYaml.Digest(GatewayConfigBuilder.Build(resource, Settings)!), GatewayConfigYaml.Digest(config));
        Assert.Equal("https://family.home.svc:5000", config.Assistant.Url);
        Assert.Equal(("family-gateway", null), (config.Lease!.Name, config.Lease.Namespace));
        Assert.Equal("family-gateway-status", config.StatusConfigMap);
        Assert.Equal(["111111"], config.Channels[0].AllowedUsers);
        Assert.Null(config.Channels[0].Telegram!.Webhook);
        Assert.Equal("https://bot.example.org/webhooks/office", config.Channels[1].Telegram!.Webhook!.Url);
        string[] files =
        [
            config.Assistant.CaFile!, config.Assistant.ApiKeyFile!, config.Channels[0].Telegram!.TokenFile,
            config.Channels[1].Telegram!.TokenFile, config.Channels[1].Telegram!.Webhook!.SecretTokenFile,
        ];
        Assert.All(files, file => Assert.Contains(MountedFiles(pod), mounted => mounted == file));
        Assert.StartsWith(GatewayPodLayout.DataDirectory, config.DataDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void NoChannels_BuildNoGateway_AndTheInferencePodsAcceptNoGatewayKey()
    {
        var resource = TestResources.WithSpec("replicas: 1\n");

        Assert.All(DesiredStateBuilder.GatewayChildren(resource, Settings), Assert.Null);
        Assert.Null(RuntimeConfigBuilder.Build(resource).Server.GatewayKeyFile);
        Assert.DoesNotContain(DeploymentBuilder.Build(resource, Settings).Spec.Template.Spec.Volumes, v => v.Name == "gateway-key");
        Assert.DoesNotContain(NetworkPolicyBuilder.Build(resource, Settings)!.Spec.Ingress.SelectMany(i => i.FromProperty ?? []), p => p.PodSelector is not null);
    }

    [Fact]
    public void InferencePods_AcceptTheGatewaysKey_FromTheSecretTheGatewayMounts()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels);
        var inference = DeploymentBuilder.Build(resource, Settings).Spec.Template.Spec;
        var gateway = GatewayDeploymentBuilder.Build(resource, Settings)!.Spec.Template.Spec;

        Assert.Equal(GatewayPodLayout.KeyFile, RuntimeConfigBuilder.Build(resource).Server.GatewayKeyFile);
        Assert.Equal("family-gateway-key", inference.Volumes.Single(v => v.Name == "gateway-key").Secret.SecretName);
        Assert.Equal("family-gateway-key", gateway.Volumes.Single(v => v.Name == "gateway-key").Secret.SecretName);
        Assert.Contains(GatewayPodLayout.KeyFile, MountedFiles(inference));
    }

    [Fact]
    public void Deployment_RunsTheAssistantsImageAsGateway_ReadyOnlyWhenActive_WithTwoReplicasOnOneNode()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels + "\nimage: registry.lan/assistant:2\ngateway: {replicas: 2}\n");
        var deployment = GatewayDeploymentBuilder.Build(resource, Settings)!;
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        Assert.Equal(DeploymentBuilder.Build(resource, Settings).Spec.Template.Spec.Containers[0].Image, container.Image);
        Assert.Equal(["gateway", "--config", "/etc/nas-assistant/gateway/gateway.yaml"], container.Args);
        Assert.Equal(GatewayDefaults.ReadyPath, container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("family-gateway", pod.ServiceAccountName);
        Assert.Equal("kubernetes.io/hostname", Assert.Single(pod.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution).TopologyKey);
        Assert.Equal(ConfigMapBuilder.Hash(GatewayConfigMapBuilder.BuildConfig(resource, Settings)!), deployment.Spec.Template.Metadata.Annotations[Naming.ConfigHashAnnotation]);
        Assert.Equal("gateway", deployment.Spec.Selector.MatchLabels[Naming.ComponentLabel]);
        RestrictedPodSecurity.AssertRestricted(pod);
    }

    [Fact]
    public void Secrets_AreMountedWholeAndOptional_SoRotationsArriveAndAMissingOneIsTheChannelsReason()
    {
        var pod = GatewayDeploymentBuilder.Build(TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels), Settings)!.Spec.Template.Spec;
        var projected = pod.Volumes.Single(v => v.Name == "channel-secrets").Projected.Sources.Select(s => s.Secret).ToList();

        Assert.All(pod.Containers.SelectMany(c => c.VolumeMounts), mount => Assert.Null(mount.SubPath));
        Assert.Equal(["office-bot", "telegram"], projected.Select(s => s.Name));
        Assert.All(projected, secret => Assert.True(secret.Optional));
        Assert.Equal(["office-bot/token", "office-bot/webhook"], projected[0].Items.Select(i => i.Path));
        Assert.Equal(["ca.crt"], pod.Volumes.Single(v => v.Name == "assistant-ca").Secret.Items.Select(i => i.Key));
    }

    [Fact]
    public void Role_AllowsTheGatewayItsOwnLeaseAndStatusConfigMap_AndNothingElse()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels);
        var role = GatewayRbacBuilder.BuildRole(resource)!;
        var binding = GatewayRbacBuilder.BuildRoleBinding(resource)!;

        var grants = role.Rules.SelectMany(r => r.Verbs.Select(v => $"{r.Resources.Single()} {v} {string.Join(",", r.ResourceNames ?? [])}")).ToList();
        Assert.Equal(["leases create ", "leases get family-gateway", "leases update family-gateway", "configmaps get family-gateway-status", "configmaps patch family-gateway-status"], grants);
        Assert.Equal(("Role", "family-gateway"), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "family-gateway", "home"), (subject.Kind, subject.Name, subject.NamespaceProperty));
    }

    [Fact]
    public void NetworkPolicy_LetsOnlyTheGatewayOut_ToDnsTheAssistantTheApiServerAndTheChannelsRanges()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels);
        var gateway = GatewayNetworkPolicyBuilder.Build(resource, Settings)!;
        var inference = NetworkPolicyBuilder.Build(resource, Settings)!;

        Assert.Equal("gateway", gateway.Spec.PodSelector.MatchLabels[Naming.ComponentLabel]);
        var egress = gateway.Spec.Egress;
        Assert.Equal(4, egress.Count);
        Assert.Equal(["53", "53"], egress[0].Ports.Select(p => p.Port.Value));
        Assert.Equal("inference", egress[1].To.Single().PodSelector.MatchLabels[Naming.ComponentLabel]);
        Assert.Equal(["0.0.0.0/0", "::/0"], egress[2].To.Select(p => p.IpBlock.Cidr));
        Assert.Equal(["6443"], egress[2].Ports.Select(p => p.Port.Value));
        Assert.Equal(["149.154.160.0/20", "91.108.4.0/22"], egress[3].To.Select(p => p.IpBlock.Cidr));
        Assert.Null(egress[3].Ports);
        Assert.Contains(gateway.Spec.Ingress, rule => rule.FromProperty is null && rule.Ports.Single().Port.Value == GatewayPodLayout.WebhookPortName);

        // The inference pods get none of the messengers' ranges, and take the gateway's requests on the API port.
        Assert.DoesNotContain(inference.Spec.Egress.SelectMany(e => e.To ?? []), peer => peer.IpBlock?.Cidr == "149.154.160.0/20");
        Assert.Contains(inference.Spec.Ingress.First().FromProperty, peer => peer.PodSelector?.MatchLabels[Naming.ComponentLabel] == "gateway");
    }

    [Fact]
    public void Polling_NeedsNoWebhooksPort_OnlyMetricsOnItsService_AndNoPolicy_MakesNoGatewayPolicy()
    {
        var resource = TestResources.WithSpec("network: {policy: false}\nchannels:\n- {name: family, allowedUsers: ['1'], telegram: {tokenSecretRef: {name: tg, key: token}}}\n");

        var port = Assert.Single(GatewayServiceBuilder.Build(resource)!.Spec.Ports);
        Assert.Equal((PodLayout.MetricsPortName, GatewayPodLayout.StatusPortName), (port.Name, port.TargetPort.Value));
        Assert.Null(GatewayNetworkPolicyBuilder.Build(resource, Settings));
        Assert.Equal(["status"], GatewayDeploymentBuilder.Build(resource, Settings)!.Spec.Template.Spec.Containers[0].Ports.Select(p => p.Name));
    }

    [Fact]
    public void TheAssistantsServiceMonitor_SelectsTheInferenceAndTheGatewayServices_EachWithItsMetricsPort()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels);
        var monitor = ServiceMonitorBuilder.Build(resource)!;
        var endpoint = Assert.Single(monitor.Spec.Endpoints);

        foreach (var service in new[] { ServiceBuilder.Build(resource), GatewayServiceBuilder.Build(resource)! })
        {
            Assert.All(monitor.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, service.Metadata.Labels[label.Key]));
            Assert.Contains(service.Spec.Ports, port => port.Name == endpoint.Port);
        }
    }

    [Fact]
    public void Proxy_CarriesTheMessengersTraffic_WhileTheClusterIsReachedDirectly()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels + "\ngateway: {httpsProxy: 'http://proxy.lan:3128'}\n");
        var env = GatewayDeploymentBuilder.Build(resource, Settings)!.Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("http://proxy.lan:3128", env["HTTPS_PROXY"]);
        Assert.Equal("family,.svc,.cluster.local,$(KUBERNETES_SERVICE_HOST)", env["NO_PROXY"]);
        Assert.EndsWith(".svc:5000", GatewayConfigBuilder.Build(resource, Settings)!.Assistant.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsDisabled_TrustsNoCa_AndTheAssistantIsReachedOverHttp()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.TwoTelegramChannels + "\ntls: {mode: Disabled}\n");
        var config = GatewayConfigBuilder.Build(resource, Settings)!;

        Assert.Null(config.Assistant.CaFile);
        Assert.StartsWith("http://", config.Assistant.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayDeploymentBuilder.Build(resource, Settings)!.Spec.Template.Spec.Volumes, v => v.Name == "assistant-ca");
    }

    [Fact]
    public void EveryKind_RendersAConfigTheGatewayAccepts_WithEachSecretAMountedFile()
    {
        var (config, pod) = Render(TestResources.WithSpec(ChannelSpecs.EveryWebhookAndMqttKind));

        Assert.Empty(GatewayConfigValidator.Validate(config));
        Assert.Equal(["wecom", "dingtalk", "feishu", "webhook", "webhook", "mqtt", "mqtt"], config.Channels.Select(c => c.KindsSet().Single()));
        var (wecom, dingtalk, feishu, slack, outgoing, home, sensors) =
            (config.Channels[0].WeCom!, config.Channels[1].DingTalk!, config.Channels[2].Feishu!, config.Channels[3].Webhook!.Slack!,
             config.Channels[4].Webhook!.Outgoing!, config.Channels[5].Mqtt!, config.Channels[6].Mqtt!);
        Assert.Equal(("ww7f3a9c0d2b4e6f81", 1000002L, GatewayDefaults.WeComApiBaseUrl), (wecom.CorpId, wecom.AgentId, wecom.ApiBaseUrl));
        Assert.Equal(GatewayDefaults.DingTalkApiBaseUrl, dingtalk.ApiBaseUrl);
        Assert.Equal(("cli_a5f1e2d3c4b5a697", "https://open.larksuite.com"), (feishu.AppId, feishu.ApiBaseUrl));
        Assert.Null(config.Channels[3].Webhook!.Outgoing);
        Assert.Equal(GatewayDefaults.SlackApiBaseUrl, slack.ApiBaseUrl);
        Assert.Equal(("mqtt.home.lan", 8883), (home.Host, home.BrokerPort()));
        Assert.Null(home.Port);
        Assert.Equal(("nas-assistant-home", "home/assistant", 3600, 15), (home.ClientId, home.BaseTopic, home.SessionExpirySeconds, home.KeepAliveSeconds));
        Assert.Equal(["cidFaMiLy9k2ZHp4dQ+Xb0w=="], config.Channels[1].AllowedChats);

        // Unset MQTT settings take the gateway's own defaults, not copies of them.
        var defaults = new MqttChannelConfig();
        Assert.Equal((1884, defaults.SessionExpirySeconds, defaults.KeepAliveSeconds), (sensors.BrokerPort(), sensors.SessionExpirySeconds, sensors.KeepAliveSeconds));
        Assert.All(new object?[] { sensors.Tls, sensors.UsernameFile, sensors.PasswordFile, sensors.ClientId, sensors.BaseTopic }, Assert.Null);

        string[] files =
        [
            wecom.TokenFile, wecom.EncodingAesKeyFile, wecom.SecretFile, dingtalk.AppSecretFile,
            feishu.AppSecretFile, feishu.VerificationTokenFile, feishu.EncryptKeyFile!, slack.SigningSecretFile, slack.BotTokenFile,
            outgoing.TokenFile, home.Tls!.CaFile!, home.UsernameFile!, home.PasswordFile!,
        ];
        Assert.Equal(files.Length, files.Distinct().Count());
        Assert.Equal(files.Order(StringComparer.Ordinal), MountedFiles(pod).Where(f => f.StartsWith(GatewayPodLayout.ChannelSecretsDirectory, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("/etc/nas-assistant/channels/wecom/aes-key", wecom.EncodingAesKeyFile);
    }

    [Theory]
    [InlineData("wecom: {corpId: ww1, agentId: 1, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}, corpSecretSecretRef: {name: s, key: c}}", true)]
    [InlineData("dingtalk: {appSecretSecretRef: {name: s, key: a}}", true)]
    [InlineData("feishu: {appId: cli_a1, appSecretSecretRef: {name: s, key: a}, verificationTokenSecretRef: {name: s, key: v}}", true)]
    [InlineData("webhook: {slack: {signingSecretSecretRef: {name: s, key: a}, botTokenSecretRef: {name: s, key: b}}}", true)]
    [InlineData("webhook: {outgoing: {tokenSecretRef: {name: s, key: t}}}", true)]
    [InlineData("telegram: {tokenSecretRef: {name: s, key: t}, webhook: {url: 'https://bot.example.org/hook', secretTokenSecretRef: {name: s, key: w}}}", true)]
    [InlineData("telegram: {tokenSecretRef: {name: s, key: t}}", false)]
    [InlineData("mqtt: {host: mqtt.home.lan}", false)]
    public void WebhookKinds_OpenTheWebhooksPort_InThePodTheServiceAndThePolicy_PollingAndMqttDoNot(string kind, bool takesWebhooks)
    {
        var resource = TestResources.WithSpec($"channels:\n- {{name: c, {kind}}}\n");
        var ports = GatewayDeploymentBuilder.Build(resource, Settings)!.Spec.Template.Spec.Containers[0].Ports.Select(p => p.Name);
        var ingress = GatewayNetworkPolicyBuilder.Build(resource, Settings)!.Spec.Ingress;

        Assert.Equal(takesWebhooks, ports.Contains(GatewayPodLayout.WebhookPortName));
        Assert.Equal(takesWebhooks, GatewayServiceBuilder.Build(resource)!.Spec.Ports.Any(p => p.Name == GatewayPodLayout.WebhookPortName));
        Assert.Equal(takesWebhooks, ingress.Any(rule => rule.Ports.Single().Port.Value == GatewayPodLayout.WebhookPortName));
    }

    [Fact]
    public void MqttBrokers_AreReachedOnTheirPortsOnly_WhileTheMessengersRangesTakeAnyPort()
    {
        var resource = TestResources.WithSpec(ChannelSpecs.EveryWebhookAndMqttKind);
        var egress = GatewayNetworkPolicyBuilder.Build(resource, Settings)!.Spec.Egress.Skip(3).ToList();

        Assert.Equal(3, egress.Count);
        Assert.Equal(["192.168.1.10/32"], egress[0].To.Select(p => p.IpBlock.Cidr));
        Assert.Null(egress[0].Ports);
        Assert.Equal(["192.168.1.20/32", "192.168.1.21/32"], egress[1].To.Select(p => p.IpBlock.Cidr));
        Assert.Equal(("TCP", "1884"), (egress[1].Ports.Single().Protocol, egress[1].Ports.Single().Port.Value));
        Assert.Equal(["192.168.1.20/32"], egress[2].To.Select(p => p.IpBlock.Cidr));
        Assert.Equal("8883", egress[2].Ports.Single().Port.Value);
    }

    // The configuration as the gateway parses it from the rendered ConfigMap, and the pod that mounts its files.
    private static (GatewayConfig Config, V1PodSpec Pod) Render(NasAssistant.Operator.Api.AssistantDeployment resource)
    {
        var configMap = GatewayConfigMapBuilder.BuildConfig(resource, Settings)!;
        var pod = GatewayDeploymentBuilder.Build(resource, Settings)!.Spec.Template.Spec;
        return (GatewayConfigYaml.Parse(configMap.Data[GatewayPodLayout.ConfigFileName], "gateway.yaml"), pod);
    }

    private static IEnumerable<string> MountedFiles(V1PodSpec pod)
    {
        foreach (var mount in pod.Containers.SelectMany(c => c.VolumeMounts))
        {
            var volume = pod.Volumes.Single(v => v.Name == mount.Name);
            var items = volume.Secret?.Items ?? volume.Projected?.Sources.SelectMany(s => s.Secret.Items) ?? [];
            foreach (var item in items)
            {
                yield return $"{mount.MountPath}/{item.Path}";
            }
        }
    }
}
