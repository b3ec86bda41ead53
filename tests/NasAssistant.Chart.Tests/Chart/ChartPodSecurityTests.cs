using k8s.Models;
using NasAssistant.Operator.Tests.Resources;

namespace NasAssistant.Chart.Tests.Chart;

public sealed class ChartPodSecurityTests
{
    public static TheoryData<string, string> Cases() => ChartValueSets.WithHelms();

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryPodTemplate_MeetsRestrictedPodSecurity(string helm, string valueSet)
    {
        var chart = RenderedChart.Render(helm, valueSet);
        var pods = chart.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec)
            .Concat(chart.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec))
            .Concat(chart.OfType<V1DaemonSet>().Select(s => s.Spec.Template.Spec))
            .Concat(chart.OfType<V1Job>().Select(j => j.Spec.Template.Spec))
            .Concat(chart.OfType<V1Pod>().Select(p => p.Spec))
            .ToList();
        Assert.NotEmpty(pods);
        Assert.All(pods, RestrictedPodSecurity.AssertRestricted);
    }

    [Fact]
    public void OperatorPod_ProbesHealthOnTheMetricsPort_WithLimitsForAn8GbNas()
    {
        var container = RenderedChart.Render("helm4", ChartValueSets.Defaults).Single<V1Deployment>().Spec.Template.Spec.Containers.Single();
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("metrics", container.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal("metrics", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal("metrics", container.Ports.Single().Name);
        Assert.Equal(NasAssistant.Operator.Hosting.RunOptions.DefaultMetricsPort, container.Ports.Single().ContainerPort);
        Assert.True(container.Resources.Limits["memory"].ToDecimal() <= 512m * 1024 * 1024);
        Assert.True(container.Resources.Limits["cpu"].ToDecimal() <= 1m);
        Assert.NotNull(container.Resources.Requests);
    }
}
