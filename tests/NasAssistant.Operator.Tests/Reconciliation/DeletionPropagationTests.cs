using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Faults;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Tests.Controller;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>
/// Retained volumes survive every way of deleting an assistant (kubectl's --cascade, Argo CD's foreground
/// prune), because they carry no owner reference; without retention every way removes them.
/// </summary>
public sealed class DeletionPropagationTests
{
    private static readonly string[] Claims = ["family-models", "family-sessions"];

    [Theory]
    [InlineData("Foreground", true)]
    [InlineData("Background", true)]
    [InlineData("Orphan", true)]
    [InlineData("Foreground", false)]
    [InlineData("Background", false)]
    [InlineData("Orphan", false)]
    public async Task Deletion_KeepsTheVolumesExactlyWhenRetained(string propagation, bool retain)
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", $"storage: {{retainOnDelete: {(retain ? "true" : "false")}}}\n");
        await h.ConvergeAsync("family");
        var uids = Claims.Select(c => h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, c)!.Metadata.Uid).ToList();

        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("nasassistant.io", "v1alpha1", Namespace, "assistantdeployments", "family",
            new V1DeleteOptions { PropagationPolicy = propagation });
        await Eventually.TrueAsync(async () =>
        {
            await h.ReconcileAsync("family");
            return h.Fake.Store.List("nasassistant.io/v1alpha1", "AssistantDeployment", Namespace).Count == 0
                && (propagation == "Orphan" || h.Fake.Store.Get<V1Deployment>(Namespace, "family") is null)
                && (retain || Claims.All(c => h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, c) is null));
        }, $"the {propagation} deletion to finish");

        foreach (var (claim, uid) in Claims.Zip(uids))
        {
            var pvc = h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, claim);
            if (retain)
            {
                Assert.Equal(uid, pvc?.Metadata.Uid);
                Assert.Null(pvc!.Metadata.DeletionTimestamp);
                Assert.Empty(pvc.Metadata.OwnerReferences ?? []);
            }
            else
            {
                Assert.Null(pvc);
            }
        }
    }

    [Fact]
    public async Task RetainedVolumes_CarryNoOwnerReference_AndAreTakenBackByANewAssistantOfTheSameName()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        var claim = h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, "family-sessions")!;
        Assert.Empty(claim.Metadata.OwnerReferences ?? []);
        Assert.Equal("family", claim.Metadata.Labels[Naming.InstanceLabel]);
        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("nasassistant.io", "v1alpha1", Namespace, "assistantdeployments", "family",
            new V1DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.TrueAsync(async () =>
        {
            await h.ReconcileAsync("family");
            return h.Fake.Store.List("nasassistant.io/v1alpha1", "AssistantDeployment", Namespace).Count == 0;
        }, "the deletion to finish");

        await h.CreateAsync("family", "replicas: 1\nstorage: {sessions: {size: 5Gi}}\n");
        await h.ConvergeAsync("family");

        Assert.Equal(claim.Metadata.Uid, h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, "family-sessions")!.Metadata.Uid);
        Assert.Contains("family-sessions", h.Fake.Store.Get<V1Deployment>(Namespace, "family")!.Spec.Template.Spec.Volumes
            .Select(v => v.PersistentVolumeClaim?.ClaimName), StringComparer.Ordinal);
    }

    [Fact]
    public async Task SwitchingRetentionOff_GivesTheClaimsAnOwner_AndOnAgain_TakesItAway()
    {
        await using var h = await StartAsync();
        var ad = await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");

        await h.UpdateSpecAsync("family", spec => spec.Storage.RetainOnDelete = false);
        await h.ConvergeAsync("family");
        Assert.Equal(ad.Metadata.Uid, Assert.Single(Claim(h).Metadata.OwnerReferences).Uid);

        await h.UpdateSpecAsync("family", spec => spec.Storage.RetainOnDelete = true);
        await h.ConvergeAsync("family");
        Assert.Empty(Claim(h).Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task ClaimsThatFailToDelete_KeepTheFinalizer_UntilTheyAreGone()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        // Retention is switched off and the assistant deleted before any reconcile gave the claims an owner,
        // so only the finalizer deletes them.
        await h.UpdateSpecAsync("family", spec => spec.Storage.RetainOnDelete = false);
        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("nasassistant.io", "v1alpha1", Namespace, "assistantdeployments", "family");
        var caches = SnapshotCaches.Of(h.Fake);
        h.Fake.Faults.AddErrorRule(new FaultRule { Rate = 1, StatusCodes = [500], Verbs = ["delete"], Resources = ["persistentvolumeclaims"] });

        for (var pass = 0; pass < 3; pass++)
        {
            await Record.ExceptionAsync(() => h.ReconcileAsync("family", caches));
        }

        Assert.Contains(Naming.Finalizer, (await h.GetAsync("family")).Metadata.Finalizers);
        h.Fake.Faults.Reset();
        await Eventually.TrueAsync(async () =>
        {
            await h.ReconcileAsync("family", caches);
            return h.Fake.Store.List("nasassistant.io/v1alpha1", "AssistantDeployment", Namespace).Count == 0
                && Claims.All(c => h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, c) is null);
        }, "the claims and then the assistant to go");
    }

    private static V1PersistentVolumeClaim Claim(ReconcilerHarness h) => h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, "family-sessions")!;
}
