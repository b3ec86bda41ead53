using k8s.Models;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Chart.Tests.Chart;

public sealed class ChartTemplateTests
{
    public static TheoryData<string, string> Cases() => ChartValueSets.WithHelms();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Template_RendersObjectsThatParseAsTypedModels(string helm, string valueSet)
    {
        var chart = RenderedChart.Render(helm, valueSet);
        Assert.Single(chart.OfType<V1Deployment>());
        Assert.Single(chart.OfType<V1Service>(), s => s.Metadata.Name == "nas-nas-assistant-operator-metrics");
        Assert.Single(chart.OfType<V1ServiceAccount>());
        Assert.Single(chart.OfType<V1ClusterRole>());
        Assert.All(chart.Objects.Cast<k8s.IKubernetesObject<V1ObjectMeta>>(), o =>
        {
            Assert.Equal(RenderedChart.ReleaseName, o.Metadata.Labels["app.kubernetes.io/instance"]);
            Assert.Equal("Helm", o.Metadata.Labels["app.kubernetes.io/managed-by"]);
        });
    }

    [Theory]
    [InlineData("helm4")]
    [InlineData("helm3")]
    public void Defaults_OneReplicaWithoutLeaderElection_AllNamespaces_NoMonitoringObjects(string helm)
    {
        var chart = RenderedChart.Render(helm, ChartValueSets.Defaults);
        var deployment = chart.Single<V1Deployment>();
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        var args = deployment.Spec.Template.Spec.Containers.Single().Args;
        Assert.Equal("run", args[0]);
        Assert.DoesNotContain(args, a => a.StartsWith("--leader-election", StringComparison.Ordinal));
        Assert.DoesNotContain(args, a => a.StartsWith("--namespace", StringComparison.Ordinal));
        Assert.Contains($"--runtime-image={NasAssistant.Operator.OperatorSettings.DefaultRuntimeImage}", args);
        Assert.Contains("--metrics-port=8080", args);
        Assert.Contains("--log-level=Information", args);
        Assert.Empty(chart.OfType<ServiceMonitor>());
        Assert.Empty(chart.OfType<PrometheusRule>());
        Assert.Empty(chart.OfType<V1ConfigMap>());
        Assert.Empty(chart.OfType<V1Role>());
    }

    [Fact]
    public void TwoReplicas_TurnOnLeaderElectionWithTheLeaseInTheReleaseNamespace()
    {
        var chart = RenderedChart.Render("helm4", ChartValueSets.TwoReplicas);
        var deployment = chart.Single<V1Deployment>();
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
        var args = deployment.Spec.Template.Spec.Containers.Single().Args;
        Assert.Contains("--leader-election", args);
        Assert.Contains($"--lease-namespace={RenderedChart.ReleaseNamespace}", args);
        Assert.Single(chart.OfType<V1Role>(), r => r.Metadata.NamespaceProperty == RenderedChart.ReleaseNamespace);
    }

    [Fact]
    public void SingleNamespace_PassesTheNamespaceToTheOperator()
    {
        var args = RenderedChart.Render("helm4", ChartValueSets.SingleNamespace).Single<V1Deployment>().Spec.Template.Spec.Containers.Single().Args;
        Assert.Contains("--namespace=assistants", args);
    }

    [Fact]
    public void MonitoringOn_ScrapesTheMetricsPortOfTheMetricsService()
    {
        var chart = RenderedChart.Render("helm4", ChartValueSets.MonitoringOn);
        var monitor = chart.Single<ServiceMonitor>();
        var service = chart.Single<V1Service>();
        Assert.Equal("kube-prometheus-stack", monitor.Metadata.Labels["release"]);
        Assert.Equal("metrics", Assert.Single(monitor.Spec.Endpoints).Port);
        Assert.Equal("metrics", Assert.Single(service.Spec.Ports).Name);
        Assert.All(monitor.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, service.Metadata.Labels[label.Key]));
        Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, chart.Single<V1Deployment>().Spec.Template.Metadata.Labels[label.Key]));
        Assert.Equal(["NasAssistantOperatorDown", "NasAssistantOperatorNoLeader", "NasAssistantOperatorReconcileErrors", "NasAssistantOperatorQueueBacklog", "NasAssistantOperatorSlowReconciles"],
            chart.Single<PrometheusRule>().Spec.Groups.SelectMany(g => g.Rules).Select(r => r.Alert));
    }

    [Fact]
    public void DashboardOn_CreatesTheSidecarConfigMapInTheChosenNamespace()
    {
        var map = RenderedChart.Render("helm4", ChartValueSets.DashboardOn).Single<V1ConfigMap>();
        Assert.Equal("1", map.Metadata.Labels["grafana_dashboard"]);
        Assert.Equal("monitoring", map.Metadata.NamespaceProperty);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "files", "dashboard.json")).TrimEnd('\n'), map.Data["nas-assistant.json"]);
    }

    [Fact]
    public void Everything_AppliesEachValue()
    {
        var chart = RenderedChart.Render("helm4", ChartValueSets.Everything);
        var pod = chart.Single<V1Deployment>().Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Equal("ghcr.io/nas-assistant/operator:0.2.0-rc.1", container.Image);
        Assert.Equal("Always", container.ImagePullPolicy);
        Assert.Contains("--runtime-image=registry.lan/nas/runtime:0.2.0", container.Args);
        Assert.Contains("--log-format=text", container.Args);
        Assert.Contains("--metrics-port=9100", container.Args);
        Assert.Equal(9100, container.Ports.Single().ContainerPort);
        Assert.Equal("assistant-operator", pod.ServiceAccountName);
        Assert.Equal("assistant-operator", chart.Single<V1ServiceAccount>().Metadata.Name);
        Assert.Equal("regcred", pod.ImagePullSecrets.Single().Name);
        Assert.Equal("arm64", pod.NodeSelector["kubernetes.io/arch"]);
        Assert.Equal("nas", pod.Tolerations.Single().Key);
        Assert.Equal("512Mi", container.Resources.Limits["memory"].ToString());
        Assert.Equal("NodePort", chart.Single<V1Service>().Spec.Type);
    }

    [Fact]
    public void NotesTellHowToApplyTheFirstAssistant()
    {
        var result = ExternalTool.Helm4.Run(["install", "nas", RepositoryPaths.Chart, "--dry-run=client", "--namespace", RenderedChart.ReleaseNamespace]);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("kind: AssistantDeployment", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -f -", result.StandardOutput, StringComparison.Ordinal);
    }
}
