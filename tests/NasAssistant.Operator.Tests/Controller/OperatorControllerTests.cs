using k8s;
using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Tests.Support;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class OperatorControllerTests : FakeClusterTest
{
    private static readonly ResourceKey Family = new("default", "family");

    [Fact]
    public async Task AssistantDeploymentEvents_EnqueueTheirOwnKey()
    {
        var reconciler = new RecordingReconciler();
        using var controller = NewController(reconciler);
        await using var run = Start(controller.RunAsync);
        await Eventually.TrueAsync(() => controller.HasSynced, "informers synced");

        await CreateAssistantAsync("default", "family");
        await Eventually.TrueAsync(() => reconciler.CallsFor(Family) >= 1, "reconcile after create");

        var before = reconciler.CallsFor(Family);
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Api.AssistantDeployment.Group, Api.AssistantDeployment.Version, "default", Api.AssistantDeployment.Plural, "family");
        await Eventually.TrueAsync(() => reconciler.CallsFor(Family) > before, "reconcile after delete");
        Assert.Equal(1, reconciler.MaxInFlightPerKey);
    }

    [Fact]
    public async Task ChildEvents_EnqueueTheOwner_IncludingDeletionByHand()
    {
        var owner = await CreateAssistantAsync("default", "family");
        var reconciler = new RecordingReconciler();
        using var controller = NewController(reconciler);
        await using var run = Start(controller.RunAsync);
        await Eventually.TrueAsync(() => controller.HasSynced && reconciler.InFlight == 0 && controller.Queue.Depth == 0 && reconciler.CallsFor(Family) >= 1, "initial reconcile");

        var calls = reconciler.CallsFor(Family);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(OwnedConfigMap(owner, "family-config"), "", "v1", "default", "configmaps");
        await Eventually.TrueAsync(() => reconciler.CallsFor(Family) > calls, "reconcile after child created");

        calls = reconciler.CallsFor(Family);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("family-config", "default");
        await Eventually.TrueAsync(() => reconciler.CallsFor(Family) > calls, "reconcile after child deleted by hand");

        // Objects that are not the operator's never wake it up.
        calls = reconciler.Calls.Count;
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unrelated" } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "marker" } }, "default");
        await Eventually.TrueAsync(() => Fake.Requests.Count("create", "configmaps") >= 3, "creates answered");
        Assert.DoesNotContain(reconciler.Calls.Skip(calls), k => k.Name is "unrelated" or "marker");
        Assert.All(controller.Informers.Where(i => i.Kind != KubernetesKind.AssistantDeployment), i => Assert.Null(i.Cache.Get("default", "unrelated")));
    }

    [Fact]
    public async Task EveryChildKindWithoutAnAddOn_IsWatched()
    {
        using var controller = NewController(new RecordingReconciler());
        await using var run = Start(controller.RunAsync);
        await Eventually.TrueAsync(() => controller.HasSynced, "informers synced");

        var watched = controller.Informers.Select(i => i.Kind).ToHashSet();
        Assert.Contains(KubernetesKind.AssistantDeployment, watched);
        Assert.All(KubernetesKind.Children.Where(k => k.CrdName is null), k => Assert.Contains(k, watched));
        Assert.DoesNotContain(watched, k => k.CrdName is not null);
    }

    [Fact]
    public async Task Resync_EnqueuesEveryCachedAssistantDeployment()
    {
        await CreateAssistantAsync("default", "one");
        await CreateAssistantAsync("kube-system", "two");
        Fake.Requests.Clear();
        var reconciler = new RecordingReconciler();
        using var controller = NewController(reconciler, FastOptions with { ResyncPeriod = TimeSpan.FromMilliseconds(300) });
        await using var run = Start(controller.RunAsync);

        await Eventually.TrueAsync(
            () => reconciler.CallsFor(new ResourceKey("default", "one")) >= 3 && reconciler.CallsFor(new ResourceKey("kube-system", "two")) >= 3,
            "repeated reconciles of unchanged resources");
        Assert.Equal(0, Fake.Requests.CountWrites(r => r.Resource == "assistantdeployments"));
    }

    [Fact]
    public async Task AddOnKinds_AreWatchedOnlyOnceTheirCrdExists_WithoutErrorLoops()
    {
        var owner = await CreateAssistantAsync("default", "family");
        var reconciler = new RecordingReconciler();
        using var controller = NewController(reconciler);
        await using var run = Start(controller.RunAsync);
        await Eventually.TrueAsync(() => controller.HasSynced, "informers synced");
        await controller.ResyncAsync(CancellationToken.None);

        Assert.Equal(0, Fake.Requests.Count("list", "servicemonitors"));
        Assert.DoesNotContain(controller.Informers, i => i.Kind == KubernetesKind.ServiceMonitor);

        await AddOnCrds.InstallAsync(Client, KubernetesKind.ServiceMonitor);
        await controller.ResyncAsync(CancellationToken.None);
        var monitors = Assert.Single(controller.Informers, i => i.Kind == KubernetesKind.ServiceMonitor);
        await Eventually.TrueAsync(() => controller.HasSynced, "the new informer synced");

        var calls = reconciler.CallsFor(Family);
        var monitor = OwnedConfigMap(owner, "family");
        monitor["apiVersion"] = "monitoring.coreos.com/v1";
        monitor["kind"] = "ServiceMonitor";
        monitor.Remove("data");
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(monitor, "monitoring.coreos.com", "v1", "default", "servicemonitors");
        await Eventually.TrueAsync(() => reconciler.CallsFor(Family) > calls && monitors.Cache.Get("default", "family") is not null, "owner reconciled for its ServiceMonitor");

        // The CRD goes away again: the informer stops instead of retrying 404s.
        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("servicemonitors.monitoring.coreos.com");
        await Eventually.TrueAsync(async () =>
        {
            await controller.ResyncAsync(CancellationToken.None);
            return !controller.Informers.Any(i => i.Kind == KubernetesKind.ServiceMonitor);
        }, "ServiceMonitor informer stopped");
        var lists = Fake.Requests.Count("list", "servicemonitors");
        await controller.ResyncAsync(CancellationToken.None);
        Assert.Equal(lists, Fake.Requests.Count("list", "servicemonitors"));
    }

    [Fact]
    public async Task Cancellation_StopsInformersAndWorkers()
    {
        await CreateAssistantAsync("default", "family");
        var reconciler = new RecordingReconciler();
        using var controller = NewController(reconciler);
        var run = Start(controller.RunAsync);
        await Eventually.TrueAsync(() => reconciler.CallsFor(Family) >= 1, "first reconcile");

        await run.StopAsync();
        await run.DisposeAsync();

        Assert.True(run.Task.IsCompletedSuccessfully);
        Assert.True(controller.Queue.IsShuttingDown);
        var calls = reconciler.Calls.Count;
        await CreateAssistantAsync("default", "late");
        await Task.Delay(200);
        Assert.Equal(calls, reconciler.Calls.Count);
    }
}
