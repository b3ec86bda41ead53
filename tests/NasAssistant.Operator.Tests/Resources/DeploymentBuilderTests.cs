using k8s.Models;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Resources;

public sealed class DeploymentBuilderTests
{
    private static V1Deployment Build(string spec) => DeploymentBuilder.Build(TestResources.WithSpec(spec), new OperatorSettings());

    private static string ConfigHash(V1Deployment deployment) => deployment.Spec.Template.Metadata.Annotations[Naming.ConfigHashAnnotation];

    [Fact]
    public void ConfigChange_ChangesTheConfigHash_SoPodsRoll()
    {
        Assert.NotEqual(ConfigHash(Build("inference: {maxBatchSize: 8}\n")), ConfigHash(Build("inference: {maxBatchSize: 16}\n")));
    }

    [Fact]
    public void NonConfigChange_KeepsTheConfigHash()
    {
        Assert.Equal(ConfigHash(Build("replicas: 1\n")), ConfigHash(Build("replicas: 3\n")));
    }

    [Fact]
    public void Autoscaling_LeavesReplicasToTheHpa()
    {
        Assert.Null(Build("autoscaling: {enabled: true}\n").Spec.Replicas);
        Assert.Equal(2, Build("replicas: 2\n").Spec.Replicas);
    }

    [Theory]
    [InlineData("replicas: 1\n", false)]
    [InlineData("replicas: 2\n", true)]
    [InlineData("autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 2}\n", true)]
    [InlineData("replicas: 2\nstorage:\n  models: {accessMode: ReadWriteMany}\n  sessions: {accessMode: ReadWriteMany}\n", false)]
    public void SameNodeAffinity_OnlyWhenAReadWriteOnceVolumeIsShared(string spec, bool expected)
    {
        var affinity = Build(spec).Spec.Template.Spec.Affinity;
        var sameNode = affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?
            .Any(term => term.TopologyKey == "kubernetes.io/hostname") ?? false;
        Assert.Equal(expected, sameNode);
    }

    [Fact]
    public void SameNodeAffinity_KeepsTheUsersOwnAffinity()
    {
        var affinity = Build("""
            replicas: 2
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                  - matchExpressions: [{key: disk, operator: In, values: [ssd]}]
            """).Spec.Template.Spec.Affinity;
        Assert.Equal("disk", affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Key);
        Assert.Single(affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
    }

    [Fact]
    public void PassThroughSchedulingFields_RenderUnchanged()
    {
        const string Scheduling = """
            nodeSelector: {kubernetes.io/arch: amd64, example.com/gpu: ''}
            tolerations:
            - {operator: Exists, effect: NoSchedule}
            - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
            - {key: dedicated, operator: Equal, value: nas}
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                  - matchExpressions: [{key: disk, operator: In, values: [ssd, nvme]}, {key: cores, operator: Gt, values: ['3']}]
                    matchFields: [{key: metadata.name, operator: NotIn, values: [nas-02]}]
                preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 20
                  preference: {matchExpressions: [{key: zone, operator: In, values: [attic]}]}
              podAntiAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 100
                  podAffinityTerm:
                    labelSelector: {matchLabels: {app: backup}, matchExpressions: [{key: tier, operator: NotIn, values: [batch]}]}
                    namespaces: [media]
                    topologyKey: kubernetes.io/hostname
                    matchLabelKeys: [pod-template-hash]
            priorityClassName: household-critical
            """;
        var spec = TestResources.WithSpec(Scheduling).Spec;
        var pod = Build(Scheduling).Spec.Template.Spec;

        Assert.Equal(Json(spec.NodeSelector), Json(pod.NodeSelector));
        Assert.Equal(Json(spec.Tolerations), Json(pod.Tolerations));
        Assert.Equal(Json(spec.Affinity), Json(pod.Affinity));
        Assert.Equal("household-critical", pod.PriorityClassName);
        Assert.Equal("[{\"effect\":\"NoSchedule\",\"operator\":\"Exists\"},{\"effect\":\"NoExecute\",\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"tolerationSeconds\":300},{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"nas\"}]", Json(pod.Tolerations));
    }

    private static string Json(object? value) => k8s.KubernetesJson.Serialize(value);

    [Fact]
    public void ReadWriteOncePod_RecreatesInsteadOfSurging()
    {
        Assert.Equal("Recreate", Build("storage:\n  sessions: {accessMode: ReadWriteOncePod}\n").Spec.Strategy.Type);
        Assert.Equal("RollingUpdate", Build("replicas: 1\n").Spec.Strategy.Type);
    }

    [Fact]
    public void UrlSource_FetchesTheModelInAnInitContainer_KeyedByDigest()
    {
        var sha = new string('e', 64);
        var pod = Build($"model:\n  source:\n    url: {{href: 'https://nas.lan/m.onnx'}}\n  sha256: {sha}\n").Spec.Template.Spec;
        var init = Assert.Single(pod.InitContainers);
        Assert.Equal(["fetch-model", "--url", "https://nas.lan/m.onnx", "--sha256", sha, "--output", $"/models/downloads/{sha}/model.onnx"], init.Args);
    }

    [Theory]
    [InlineData("tls: {mode: Disabled}\n", "HTTP", false)]
    [InlineData("tls: {mode: SelfSigned}\n", "HTTPS", true)]
    public void Probes_FollowTheTlsMode(string spec, string scheme, bool mountsCertificate)
    {
        var pod = Build(spec).Spec.Template.Spec;
        var container = pod.Containers[0];
        Assert.All(new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe },
            probe => Assert.Equal(scheme, probe.HttpGet.Scheme));
        Assert.Equal("/v2/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal(mountsCertificate, pod.Volumes.Any(v => v.Secret?.SecretName == "family-tls"));
    }

    [Fact]
    public void Timezone_ReachesThePod()
    {
        var env = Build("timezone: Asia/Shanghai\n").Spec.Template.Spec.Containers[0].Env;
        Assert.Contains(env, e => e.Name == "TZ" && e.Value == "Asia/Shanghai");
    }
}
