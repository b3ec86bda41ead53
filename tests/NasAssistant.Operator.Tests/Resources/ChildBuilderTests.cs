using NasAssistant.Operator.Resources;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Operator.Tests.Resources;

public sealed class ChildBuilderTests
{
    private static readonly OperatorSettings Settings = new();

    [Fact]
    public void ConfigMap_IsReadableByTheRuntimesOwnParser()
    {
        var resource = TestResources.WithSpec("""
            model:
              source:
                volume: {path: m/model.onnx}
              sha256: 9b2a6d07c1d1c1c88bd5b3b7bca0c6e2f5e3d7cbb1e7e9a5b3c3e2f1a0b9c8d7
              quantization: Int8
            inference: {maxBatchSize: 4, maxBatchDelayMilliseconds: 2, maxQueueLength: 64, workers: 3, threads: 2}
            auth:
              apiKeySecretRef: {name: keys, key: k}
            conversations:
              retentionDays: 7
              encryptionKeySecretRef: {name: enc, key: aes}
            """);
        var yaml = ConfigMapBuilder.Build(resource).Data[PodLayout.ConfigFileName];
        var config = RuntimeConfigYaml.Parse(yaml, "runtime.yaml");
        Assert.Equal(RuntimeConfigBuilder.Build(resource), config);
        Assert.Equal("/models/m/model.onnx", config.Model.Path);
        Assert.Equal(QuantizationMode.Int8, config.Model.Quantization);
        Assert.Equal(4, config.Batching.MaxBatchSize);
        Assert.Equal(3, config.Batching.Workers);
        Assert.Equal(2, config.Model.Threads);
        Assert.Equal("/etc/nas-assistant/auth/api-keys", config.Server.ApiKeysFile);
        Assert.Equal("/etc/nas-assistant/encryption/key", config.Conversations.EncryptionKeyFile);
        Assert.True(config.Server.Tls.Enabled);
    }

    [Fact]
    public void ExistingClaims_AreMountedButNotCreated()
    {
        var resource = TestResources.WithSpec("storage:\n  models: {existingClaim: shared}\n  sessions: {existingClaim: kept}\n");
        Assert.Null(PersistentVolumeClaimBuilder.BuildModels(resource));
        Assert.Null(PersistentVolumeClaimBuilder.BuildSessions(resource));
        var claims = DeploymentBuilder.Build(resource, Settings).Spec.Template.Spec.Volumes
            .Where(v => v.PersistentVolumeClaim is not null).Select(v => v.PersistentVolumeClaim.ClaimName);
        Assert.Equal(["shared", "kept"], claims);
    }

    [Fact]
    public void RetainedClaims_CarryNoOwnerReference_ButTheLabelsThatFindThemAgain()
    {
        var resource = TestResources.WithSpec("storage: {retainOnDelete: true}\n");
        foreach (var claim in new[] { PersistentVolumeClaimBuilder.BuildModels(resource)!, PersistentVolumeClaimBuilder.BuildSessions(resource)! })
        {
            Assert.Null(claim.Metadata.OwnerReferences);
            Assert.Equal(Naming.ManagedBy, claim.Metadata.Labels[Naming.ManagedByLabel]);
            Assert.Equal("family", claim.Metadata.Labels[Naming.InstanceLabel]);
        }
    }

    [Fact]
    public void Children_CarryTheControllerOwnerReference_WhenTheResourceHasAUid()
    {
        var resource = TestResources.WithSpec("replicas: 2\nautoscaling: {enabled: true, minReplicas: 2}\nstorage: {retainOnDelete: false}\n");
        foreach (var child in DesiredStateBuilder.Build(resource, Settings).Objects)
        {
            var owner = Assert.Single(child.Metadata.OwnerReferences);
            Assert.Equal(resource.Metadata.Uid, owner.Uid);
            Assert.True(owner.Controller);
            Assert.Equal("home", child.Metadata.NamespaceProperty);
            Assert.Equal("family", child.Metadata.Labels[Naming.InstanceLabel]);
        }
    }

    [Theory]
    [InlineData("network: {policy: false}\n", false)]
    [InlineData("network: {policy: true}\n", true)]
    public void NetworkPolicy_FollowsTheSwitch(string spec, bool expected) =>
        Assert.Equal(expected, NetworkPolicyBuilder.Build(TestResources.WithSpec(spec), Settings) is not null);

    [Fact]
    public void NetworkPolicy_AdmitsListedSourcesToTheApi_AndMonitoringToMetrics_AndDeniesTheRest()
    {
        var policy = NetworkPolicyBuilder.Build(TestResources.WithSpec("network:\n  allowFrom: {cidrs: [192.168.7.0/24], namespaces: [office]}\n"), Settings)!;
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        var api = policy.Spec.Ingress[0];
        Assert.Equal("api", api.Ports.Single().Port.Value);
        Assert.Equal("192.168.7.0/24", api.FromProperty[0].IpBlock.Cidr);
        Assert.Equal("office", api.FromProperty[1].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        var metrics = policy.Spec.Ingress[1];
        Assert.Equal("metrics", metrics.Ports.Single().Port.Value);
        Assert.Equal(Settings.MonitoringNamespace, metrics.FromProperty.Single().NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Equal([53, 53], policy.Spec.Egress.Single().Ports.Select(p => int.Parse(p.Port.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("replicas: 1\n", false)]
    [InlineData("replicas: 2\n", true)]
    [InlineData("autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 4}\n", false)]
    [InlineData("autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 4}\n", true)]
    public void PodDisruptionBudget_OnlyWhenMoreThanOnePodMustRun(string spec, bool expected) =>
        Assert.Equal(expected, PodDisruptionBudgetBuilder.Build(TestResources.WithSpec(spec)) is not null);

    [Fact]
    public void Hpa_ScalesTheDeploymentOnCpu()
    {
        var hpa = HorizontalPodAutoscalerBuilder.Build(TestResources.WithSpec("autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 65, scaleDownStabilizationSeconds: 120}\n"))!;
        Assert.Equal("family", hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal((1, 4), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        Assert.Equal(65, hpa.Spec.Metrics.Single().Resource.Target.AverageUtilization);
        Assert.Equal(120, hpa.Spec.Behavior.ScaleDown.StabilizationWindowSeconds);
        Assert.Null(HorizontalPodAutoscalerBuilder.Build(TestResources.WithSpec("autoscaling: {enabled: false}\n")));
    }

    [Fact]
    public void PrometheusRule_AlertsAtTheAgreedThresholds_OnRuntimeMetrics()
    {
        var rule = PrometheusRuleBuilder.Build(TestResources.WithSpec("replicas: 1\n"))!;
        var alerts = rule.Spec.Groups.Single().Rules.ToDictionary(a => a.Alert, a => a.Expr);
        Assert.EndsWith("> 0.7", alerts["AssistantCpuHigh"], StringComparison.Ordinal);
        Assert.EndsWith("> 0.9", alerts["AssistantCpuCritical"], StringComparison.Ordinal);
        Assert.EndsWith("> 0.8", alerts["AssistantMemoryHigh"], StringComparison.Ordinal);
        Assert.EndsWith("> 0.95", alerts["AssistantMemoryCritical"], StringComparison.Ordinal);
        Assert.All(new[] { "AssistantDiskLatencyHigh", "AssistantDiskLatencyCritical" }, name => Assert.StartsWith(
            $"histogram_quantile(0.99, sum by (pod, le) (rate({RuntimeMetricNames.ConversationFsyncDuration}_bucket", alerts[name], StringComparison.Ordinal));
        Assert.EndsWith("> 0.05", alerts["AssistantDiskLatencyHigh"], StringComparison.Ordinal);
        Assert.EndsWith("> 0.2", alerts["AssistantDiskLatencyCritical"], StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(0.99", alerts["AssistantLatencyHigh"], StringComparison.Ordinal);
        Assert.EndsWith("> 0.2", alerts["AssistantLatencyHigh"], StringComparison.Ordinal);
        Assert.Contains(RuntimeMetricNames.ModelReady, alerts["AssistantModelNotReady"], StringComparison.Ordinal);
        Assert.Contains("status=~\"5..\"", alerts["AssistantErrorRateHigh"], StringComparison.Ordinal);
        Assert.All(alerts.Values, expr => Assert.Contains("job=\"family\",namespace=\"home\"", expr, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PrometheusRuleBuilder.DiskLatencyWarningSeconds)]
    [InlineData(PrometheusRuleBuilder.DiskLatencyCriticalSeconds)]
    public void DiskLatencyThreshold_IsABucketBoundOfTheFsyncHistogram_SoItsP99ComparisonIsExact(double threshold)
    {
        Assert.Contains(threshold, RuntimeMetricBuckets.ConversationFsyncSeconds);
    }

    [Theory]
    [InlineData("tls: {mode: SelfSigned}\n", true, false)]
    [InlineData("tls: {mode: CertManager, issuerRef: {name: ca}}\n", false, true)]
    [InlineData("tls: {mode: Secret, secretName: mine}\n", false, false)]
    [InlineData("tls: {mode: Disabled}\n", false, false)]
    public void Tls_EachModeAsksForTheRightCertificate(string spec, bool selfSigned, bool certManager)
    {
        var resource = TestResources.WithSpec(spec);
        Assert.Equal(selfSigned, TlsBuilder.BuildSelfSignedRequest(resource, Settings) is not null);
        Assert.Equal(certManager, TlsBuilder.BuildCertificate(resource, Settings) is not null);
    }

    [Fact]
    public void ServingCertificate_CoversTheServiceNamesAndTheUsersNames()
    {
        var request = TlsBuilder.BuildSelfSignedRequest(TestResources.WithSpec("tls: {dnsNames: [assistant.home.arpa]}\n"), Settings)!;
        Assert.Equal("family-tls", request.SecretName);
        Assert.Equal(["family", "family.home", "family.home.svc", "family.home.svc.cluster.local", "assistant.home.arpa"], request.DnsNames);
    }

    [Fact]
    public void Endpoint_UsesTheServicePortAndScheme()
    {
        Assert.Equal("https://family.home.svc:5000", ServiceBuilder.Endpoint(TestResources.WithSpec("replicas: 1\n"), Settings));
        Assert.Equal("http://family.home.svc:8080", ServiceBuilder.Endpoint(TestResources.WithSpec("tls: {mode: Disabled}\nservice: {port: 8080}\n"), Settings));
    }

    [Fact]
    public void Knowledge_IsOnByDefault_InAFolderOfTheSessionsVolume()
    {
        var resource = TestResources.WithSpec("replicas: 1\n");

        var config = RuntimeConfigBuilder.Build(resource);
        var mount = Assert.Single(DeploymentBuilder.Build(resource, Settings).Spec.Template.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/data/knowledge");

        Assert.Equal("/data/knowledge", config.Knowledge?.Directory);
        Assert.Equal("sessions", mount.Name);
        Assert.Equal("knowledge", mount.SubPath);
    }

    [Fact]
    public void KnowledgeDisabled_LeavesRetrievalOffAndMountsNothing()
    {
        var resource = TestResources.WithSpec("knowledge: {enabled: false}\n");

        Assert.Null(RuntimeConfigBuilder.Build(resource).Knowledge);
        Assert.DoesNotContain(DeploymentBuilder.Build(resource, Settings).Spec.Template.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/data/knowledge");
    }

    [Fact]
    public void ChatModel_FromAVolumeFolder_PointsTheRuntimeAtTheFolder()
    {
        var resource = TestResources.WithSpec("""
            model:
              name: helper
              task: Chat
              source:
                volume: {path: phi-3-mini}
              sha256: 9b2a6d07c1d1c1c88bd5b3b7bca0c6e2f5e3d7cbb1e7e9a5b3c3e2f1a0b9c8d7
            """);

        var config = RuntimeConfigBuilder.Build(resource);

        Assert.Equal(ModelTask.Chat, config.Model.Task);
        Assert.Equal("/models/phi-3-mini", config.Model.Path);
    }
}
