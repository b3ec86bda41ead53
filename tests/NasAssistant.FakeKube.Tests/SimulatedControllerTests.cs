using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class SimulatedControllerTests : FakeKubeTest
{
    [Fact]
    public async Task Deployment_BecomesReady_AfterDelay_AndFollowsSpecChanges()
    {
        await Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(200));
        await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("web", 2), "default");

        var ready = await Eventually.ValueAsync(
            () => Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"),
            d => d.Status?.ReadyReplicas == 2,
            "deployment to become ready");
        Assert.Equal(1, ready.Status.ObservedGeneration);
        Assert.Equal(2, ready.Status.Replicas);
        Assert.Equal(2, ready.Status.UpdatedReplicas);
        Assert.Equal(2, ready.Status.AvailableReplicas);
        Assert.Contains(ready.Status.Conditions, c => c.Type == "Available" && c.Status == "True");

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", "default");
        var scaled = await Eventually.ValueAsync(
            () => Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"),
            d => d.Status?.ReadyReplicas == 3,
            "scaled deployment to become ready");
        Assert.Equal(2, scaled.Status.ObservedGeneration);

        // Once ready the controller stays quiet: no further status writes.
        var version = scaled.Metadata.ResourceVersion;
        await Task.Delay(400);
        Assert.Equal(version, (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Deployment_WithoutController_StaysUnready()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("web", 1), "default");
        await Task.Delay(200);
        Assert.Null((await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status?.ReadyReplicas);
    }

    [Fact]
    public async Task Hpa_WritesReplicasIntoTargetDeployment()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("web", 1), "default");
        await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(Workloads.Autoscaler("web", minReplicas: 1, maxReplicas: 4), "default");

        await Fake.Controllers.EnableHorizontalPodAutoscalingAsync(3);
        await Eventually.ValueAsync(() => Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"), d => d.Spec.Replicas == 3, "HPA to scale to 3");
        var hpa = await Eventually.ValueAsync(() => Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", "default"), h => h.Status?.DesiredReplicas == 3, "HPA status");
        Assert.NotNull(hpa.Status.LastScaleTime);

        // Clamped to maxReplicas, like the real controller.
        await Fake.Controllers.EnableHorizontalPodAutoscalingAsync(10);
        await Eventually.ValueAsync(() => Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"), d => d.Spec.Replicas == 4, "HPA to clamp to 4");

        // Someone overwriting replicas is corrected.
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "web", "default");
        await Eventually.ValueAsync(() => Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"), d => d.Spec.Replicas == 4, "HPA to restore 4");
    }
}
