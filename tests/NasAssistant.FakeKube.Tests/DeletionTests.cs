using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class DeletionTests : FakeKubeTest
{
    private const string Finalizer = "nasassistant.io/cleanup";

    [Fact]
    public async Task Delete_WithFinalizer_SetsDeletionTimestamp_UntilFinalizerRemoved()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "guarded", Finalizers = [Finalizer] },
        }, "default");

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("guarded", "default");
        var deleting = await Client.CoreV1.ReadNamespacedConfigMapAsync("guarded", "default");
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.True(long.Parse(deleting.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));

        // Deleting again changes nothing; the object stays until its finalizer goes.
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("guarded", "default");
        Assert.Equal(deleting.Metadata.ResourceVersion, (await Client.CoreV1.ReadNamespacedConfigMapAsync("guarded", "default")).Metadata.ResourceVersion);

        deleting.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(deleting, "guarded", "default");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("guarded", "default"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task DeletionTimestamp_CannotBeClearedByUpdate()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "guarded", Finalizers = [Finalizer] } }, "default");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("guarded", "default");
        var deleting = await Client.CoreV1.ReadNamespacedConfigMapAsync("guarded", "default");
        deleting.Metadata.DeletionTimestamp = null;
        deleting.Data = new Dictionary<string, string> { ["x"] = "y" };
        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(deleting, "guarded", "default");
        Assert.NotNull(updated.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task DeletingOwner_CascadesToDependents_HonouringTheirFinalizers()
    {
        var owner = await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("owner"), "default");
        var ownerRef = OwnerRef(owner, blockOwnerDeletion: true);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "child", OwnerReferences = [ownerRef] } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "guarded-child", OwnerReferences = [ownerRef], Finalizers = [Finalizer] } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unrelated" } }, "default");

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("owner", "default");

        // The garbage collector works after the owner is gone, as on a real cluster.
        var names = await Eventually.ValueAsync(
            async () => (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(i => i.Metadata.Name).ToList(),
            n => n.SequenceEqual(["guarded-child", "unrelated"]),
            "the collector to delete the dependents");
        Assert.Equal(["guarded-child", "unrelated"], names);
        await Eventually.TrueAsync(
            () => Fake.Store.Get<V1ConfigMap>("default", "guarded-child")?.Metadata.DeletionTimestamp is not null,
            "the dependent with a finalizer to be marked for deletion");
    }

    [Fact]
    public async Task DeletingOwner_WithOrphanPolicy_LeavesDependentsWithoutOwnerReference()
    {
        var owner = await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("owner"), "default");
        var ownerRef = OwnerRef(owner);
        var claim = ValidObjects.PersistentVolumeClaim("sessions");
        claim.Metadata.OwnerReferences = [ownerRef];
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, "default");

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("owner", "default", body: new V1DeleteOptions { PropagationPolicy = "Orphan" });

        var pvc = await Eventually.ValueAsync(
            () => Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("sessions", "default"),
            p => p.Metadata.OwnerReferences is null || p.Metadata.OwnerReferences.Count == 0,
            "the collector to orphan the claim");
        Assert.Null(pvc.Metadata.DeletionTimestamp);
        await Eventually.TrueAsync(() => Fake.Store.Get<V1Deployment>("default", "owner") is null, "the owner to go once orphaning is done");
    }

    [Fact]
    public async Task Cascade_WaitsForOwnerFinalizer_ThenDeletesDependents()
    {
        var owner = await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("owner", finalizers: [Finalizer]), "default");
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "child", OwnerReferences = [OwnerRef(owner)] } }, "default");

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("owner", "default");
        Assert.Single((await Client.CoreV1.ListNamespacedSecretAsync("default")).Items);

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "owner", "default");
        Assert.Empty((await Client.AppsV1.ListNamespacedDeploymentAsync("default")).Items);
        await Eventually.TrueAsync(() => Fake.Store.List<V1Secret>("default").Count == 0, "the collector to delete the dependent");
    }

    [Fact]
    public async Task ForegroundDeletion_RemovesBlockingDependentsBeforeOwner()
    {
        var owner = await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("owner"), "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "child", Finalizers = [Finalizer], OwnerReferences = [OwnerRef(owner, blockOwnerDeletion: true)] } }, "default");

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("owner", "default", propagationPolicy: "Foreground");
        var waiting = await Client.AppsV1.ReadNamespacedDeploymentAsync("owner", "default");
        Assert.Contains("foregroundDeletion", waiting.Metadata.Finalizers);
        await Eventually.TrueAsync(
            () => Fake.Store.Get<V1ConfigMap>("default", "child")?.Metadata.DeletionTimestamp is not null,
            "the collector to delete the dependent first");
        Assert.NotNull(Fake.Store.Get<V1Deployment>("default", "owner"));

        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "child", "default");
        await Eventually.TrueAsync(() => Fake.Store.Get<V1Deployment>("default", "owner") is null, "the owner to go after its dependent");
    }

    [Fact]
    public async Task Delete_WithStaleUidPrecondition_Is409()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "default");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.DeleteNamespacedConfigMapAsync("cm", "default",
            body: new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = Guid.NewGuid().ToString() } }));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    private static V1OwnerReference OwnerRef(V1Deployment owner, bool? blockOwnerDeletion = null) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = blockOwnerDeletion,
    };
}
