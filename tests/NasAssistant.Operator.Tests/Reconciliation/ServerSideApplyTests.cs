using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Resources;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>Children are server-side applied: what the operator stops setting goes, what others set stays.</summary>
public sealed class ServerSideApplyTests
{
    [Fact]
    public async Task QuantizationSwitchedOff_RemovesTheQuantizeInitContainer()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "model: {quantization: Int8}\n");
        await h.ConvergeAsync("family");
        Assert.Contains(Deployment(h).Spec.Template.Spec.InitContainers, c => c.Name == DeploymentBuilder.QuantizeContainerName);

        await h.UpdateSpecAsync("family", spec => spec.Model.Quantization = QuantizationKind.None);
        await h.ConvergeAsync("family");

        Assert.DoesNotContain(Deployment(h).Spec.Template.Spec.InitContainers ?? [], c => c.Name == DeploymentBuilder.QuantizeContainerName);
    }

    [Fact]
    public async Task NodeSelectorRemoved_IsRemovedFromThePods()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "nodeSelector: {disktype: ssd}\n");
        await h.ConvergeAsync("family");
        Assert.Equal("ssd", Deployment(h).Spec.Template.Spec.NodeSelector["disktype"]);

        await h.UpdateSpecAsync("family", spec => spec.NodeSelector = null);
        await h.ConvergeAsync("family");

        Assert.Null(Deployment(h).Spec.Template.Spec.NodeSelector);
    }

    [Fact]
    public async Task SwitchToRecreate_ClearsRollingUpdate_SoTheApiServerAcceptsIt()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        Assert.NotNull(Deployment(h).Spec.Strategy.RollingUpdate);

        // ReadWriteOncePod admits one pod, so the pods must be replaced by Recreate.
        await h.UpdateSpecAsync("family", spec => spec.Storage.Sessions.AccessMode = VolumeAccessMode.ReadWriteOncePod);
        await h.ConvergeAsync("family");

        var strategy = Deployment(h).Spec.Strategy;
        Assert.Equal("Recreate", strategy.Type);
        Assert.Null(strategy.RollingUpdate);
    }

    [Fact]
    public async Task FieldsOtherManagersSet_AreKept_AndCostNoWrites()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 4}\n");
        await h.Fake.Controllers.EnableHorizontalPodAutoscalingAsync(replicas: 3);
        await h.ConvergeAsync("family");

        // Another tool annotates the Deployment, as kubectl annotate or a GitOps controller would.
        await h.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"annotations":{"backup.example.com/schedule":"nightly"}}}""", V1Patch.PatchType.MergePatch),
            "family", Namespace, fieldManager: "kubectl-annotate");
        h.Fake.Requests.Clear();
        await h.ReconcileAsync("family");
        await h.ReconcileAsync("family");

        var deployment = Deployment(h);
        Assert.Equal("nightly", deployment.Metadata.Annotations["backup.example.com/schedule"]);
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal(0, h.Fake.Requests.CountWrites(r => r.Resource == "deployments"));
    }

    [Fact]
    public async Task EveryChild_IsManagedByTheOperatorsFieldManager_ThroughApply()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");

        var managers = Deployment(h).Metadata.ManagedFields;
        Assert.Contains(managers, m => m.Manager == Naming.FieldManager && m.Operation == "Apply");
        Assert.DoesNotContain(managers, m => m.Manager == Naming.FieldManager && m.Operation == "Update");
    }

    [Fact]
    public async Task QuantitiesTheApiServerRewrites_StillConvergeToZeroWrites()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 2\nresources: {requests: {cpu: '0.5', memory: 1024Mi}}\nnodeSelector: {disktype: ssd}\n");
        await h.ConvergeAsync("family");

        h.Fake.Requests.Clear();
        for (var i = 0; i < 10; i++)
        {
            await h.ReconcileAsync("family");
        }

        Assert.Equal(0, h.Fake.Requests.CountWrites());
        Assert.Equal("False", Condition(await h.GetAsync("family"), ConditionTypes.Degraded));
    }

    private static V1Deployment Deployment(ReconcilerHarness h) => h.Fake.Store.Get<V1Deployment>(Namespace, "family")!;
}
