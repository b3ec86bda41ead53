using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Faults;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Resources;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>
/// A reconcile reads the resource, its children, its pods and the add-on CRDs from the informers' caches,
/// and asks the API server only after a write that an out-of-date cached copy made fail.
/// </summary>
public sealed class CachedReadTests
{
    [Fact]
    public async Task Converged_AReconcileFromTheCaches_SendsNoRequestAtAll()
    {
        await using var h = await StartAsync();
        await h.InstallAddOnsAsync();
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.Zero);
        await h.CreateAsync("family", "replicas: 2\nmodel: {quantization: Int8}\n");
        await h.ReconcileUntilAsync("family", a => Condition(a, ConditionTypes.Ready) == "True");
        await h.ConvergeAsync("family");

        var caches = SnapshotCaches.Of(h.Fake);
        h.Fake.Requests.Clear();
        await h.ReconcileAsync("family", caches);

        Assert.Empty(h.Fake.Requests.Records.Select(r => $"{r.Verb} {r.Path}"));
    }

    [Fact]
    public async Task AnUnwantedChildWhoseDeleteFailed_IsDeletedByTheNextReconcile_FromTheSameCaches()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        await h.UpdateSpecAsync("family", spec => spec.Network.Policy = false);
        var caches = SnapshotCaches.Of(h.Fake);
        h.Fake.Faults.AddErrorRule(new FaultRule { Rate = 1, StatusCodes = [500], Verbs = ["delete"], Resources = ["networkpolicies"] });

        var failed = await Record.ExceptionAsync(() => h.ReconcileAsync("family", caches));
        h.Fake.Faults.Reset();
        await h.ReconcileAsync("family", caches);

        Assert.NotNull(failed);
        Assert.Null(h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family"));
    }

    [Fact]
    public async Task AStatusWriteOnAnOutOfDateCachedCopy_Conflicts_AndOnlyThenIsTheResourceReadLive()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        var caches = SnapshotCaches.Of(h.Fake);

        // Someone labels the resource (its cached copy is now out of date), and a new Deployment status is
        // in the caches, so the reconcile has a status to write.
        h.Fake.Store.Update("nasassistant.io/v1alpha1", "AssistantDeployment", Namespace, "family", ad => ad["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["team"] = "home" });
        var deployment = h.Fake.Store.Update("apps/v1", "Deployment", Namespace, "family", d => d["status"] = new System.Text.Json.Nodes.JsonObject
        {
            ["observedGeneration"] = d["metadata"]!["generation"]!.DeepClone(),
            ["replicas"] = 1,
            ["updatedReplicas"] = 1,
            ["readyReplicas"] = 1,
        });
        caches.For(KubernetesKind.Deployment)!.Upsert(deployment.DeepClone().AsObject());
        h.Fake.Requests.Clear();

        await h.ReconcileAsync("family", caches);

        var requests = h.Fake.Requests.Records.Where(r => r.Resource != "events").Select(r => $"{r.Verb} {r.Resource}/{r.Subresource} {r.StatusCode}").ToList();
        Assert.Equal(["update assistantdeployments/status 409", "get assistantdeployments/ 200", "update assistantdeployments/status 200"], requests);
        var ad = await h.GetAsync("family");
        Assert.Equal(1, ad.Status!.ReadyReplicas);
        Assert.Equal("home", ad.Metadata.Labels["team"]);
    }

    [Fact]
    public async Task AnApplyRefusedOverAnOutOfDateCachedChild_LooksAtItLive_AndRecreatesTheDeployment()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        await h.UpdateSpecAsync("family", spec => spec.Replicas = 2);
        var caches = SnapshotCaches.Of(h.Fake);

        // Behind the cache's back the Deployment gets another selector, so applying the new replicas over
        // the cached copy is refused.
        var seeded = h.SeedDeploymentWithAnotherSelector("family");
        h.Fake.Requests.Clear();

        await h.ReconcileAsync("family", caches);

        var deployments = h.Fake.Requests.Records.Where(r => r.Resource == "deployments").Select(r => $"{r.Verb} {r.StatusCode}").ToList();
        Assert.Equal(["patch 422", "get 200", "delete 200", "get 404", "patch 201"], deployments);
        var recreated = h.Fake.Store.Get<V1Deployment>(Namespace, "family")!;
        Assert.NotEqual(seeded.Metadata.Uid, recreated.Metadata.Uid);
        Assert.Equal(Naming.SelectorLabels(await h.GetAsync("family")), recreated.Spec.Selector.MatchLabels);
        Assert.Equal(2, recreated.Spec.Replicas);
        Assert.Contains((await h.Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items, e => e.Reason == ConditionReasons.DeploymentRecreated);
    }
}
