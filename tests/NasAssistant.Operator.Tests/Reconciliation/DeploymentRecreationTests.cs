using k8s;
using k8s.Models;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Resources;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>A Deployment's selector is immutable: one that must change is recreated on purpose.</summary>
public sealed class DeploymentRecreationTests
{
    [Fact]
    public async Task DeploymentWithAnotherSelector_IsRecreated_WithTheOperatorsSelector_AndAnEvent()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        var seeded = h.SeedDeploymentWithAnotherSelector("family");

        await h.ConvergeAsync("family");

        var recreated = h.Fake.Store.Get<V1Deployment>(Namespace, "family")!;
        Assert.NotEqual(seeded.Metadata.Uid, recreated.Metadata.Uid);
        Assert.Equal(Naming.SelectorLabels(await h.GetAsync("family")), recreated.Spec.Selector.MatchLabels);
        Assert.Contains((await h.Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items, e => e.Reason == ConditionReasons.DeploymentRecreated);
    }
}
