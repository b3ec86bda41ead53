using k8s;
using System.Collections.Concurrent;
using k8s.Models;
using NasAssistant.FakeKube.Faults;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class ResourceInformerTests : FakeClusterTest
{
    private readonly ConcurrentQueue<(ResourceEventType Type, string Name)> _events = new();

    private void Record(ResourceEvent change) => _events.Enqueue((change.Type, ObjectMeta.Name(change.Object)));

    private bool Saw(ResourceEventType type, string name) => _events.Contains((type, name));

    [Fact]
    public async Task Cache_FollowsCreateUpdateDelete()
    {
        Fake.Store.Create(PlainConfigMap("default", "existing"));
        var informer = NewInformer(KubernetesKind.ConfigMap, Record);
        await using var run = Start(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Saw(ResourceEventType.Added, "existing"));

        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" }, Data = new Dictionary<string, string> { ["key"] = "1" } }, "default");
        await Eventually.TrueAsync(() => informer.Cache.Get("default", "a") is not null, "a cached");

        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"2"}}""", V1Patch.PatchType.MergePatch), "a", "default");
        await Eventually.TrueAsync(() => informer.Cache.Get("default", "a")?["data"]?["key"]?.GetValue<string>() == "2", "update cached");
        Assert.True(Saw(ResourceEventType.Modified, "a"));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        await Eventually.TrueAsync(() => informer.Cache.Get("default", "a") is null, "a removed");
        Assert.True(Saw(ResourceEventType.Deleted, "a"));
        Assert.Equal("ConfigMap", informer.Cache.Get("default", "existing")!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task OneNamespace_SeesOnlyThatNamespace()
    {
        Fake.Store.Create(PlainConfigMap("default", "here"));
        Fake.Store.Create(PlainConfigMap("kube-system", "elsewhere"));
        var informer = NewInformer(KubernetesKind.ConfigMap, Record, ns: "default");
        await using var run = Start(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Fake.Store.Create(PlainConfigMap("kube-system", "elsewhere-2"));
        Fake.Store.Create(PlainConfigMap("default", "here-2"));
        await Eventually.TrueAsync(() => informer.Cache.Get("default", "here-2") is not null, "here-2 cached");

        Assert.Equal(["default/here", "default/here-2"], informer.Cache.Snapshot().Select(ObjectMeta.CacheKey).Order().ToList());
        Assert.DoesNotContain(Fake.Requests.Records, r => r.Resource == "configmaps" && r.Namespace != "default");
    }

    [Fact]
    public async Task DroppedWatch_IsFollowedByAReList_AndANewWatch_WithoutLosingChanges()
    {
        var metrics = ControllerMetrics.CreateIsolated();
        var informer = NewInformer(KubernetesKind.ConfigMap, Record, metrics: metrics);
        await using var run = Start(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Fake.Store.Create(PlainConfigMap("default", "before"));
        await Eventually.TrueAsync(() => informer.Cache.Get("default", "before") is not null, "before cached");

        for (var round = 1; round <= 3; round++)
        {
            await Eventually.TrueAsync(() => Fake.Faults.DropWatches() > 0, "an open watch to drop");
            Fake.Store.Delete("v1", "ConfigMap", "default", round == 1 ? "before" : $"after-{round - 1}");
            Fake.Store.Create(PlainConfigMap("default", $"after-{round}"));
            await Eventually.TrueAsync(() => informer.Cache.Get("default", $"after-{round}") is not null, $"after-{round} cached");
        }

        await Eventually.TrueAsync(() => informer.Cache.Count == 1, "only the newest object left");
        Assert.True(informer.WatchRestarts >= 3);
        Assert.True(metrics.WatchRestarts("ConfigMap") >= 3);
        Assert.True(Fake.Requests.Count("list", "configmaps") >= 4);
        Assert.True(Saw(ResourceEventType.Deleted, "before"));
    }

    [Fact]
    public async Task Gone410_OnWatch_TriggersAReList()
    {
        var informer = NewInformer(KubernetesKind.ConfigMap, Record);

        // Watches are held back long enough for the history to be compacted past the list's version.
        Fake.Faults.AddLatency(TimeSpan.FromSeconds(2), verbs: "watch");
        await using var run = Start(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Fake.Store.Create(PlainConfigMap("default", "missed-by-the-watch"));
        Fake.Store.CompactWatchHistory();

        await Eventually.TrueAsync(() => informer.Cache.Get("default", "missed-by-the-watch") is not null, "object found by the re-list");
        Assert.True(Fake.Requests.Count("list", "configmaps") >= 2);
        Assert.True(informer.WatchRestarts >= 1);
    }

    [Fact]
    public async Task ApiErrors_AreRetried_UntilTheListSucceeds()
    {
        Fake.Faults.AddErrorRule(new FaultRule { Rate = 1.0, StatusCodes = [500, 429, 503], Verbs = ["list"], Resources = ["configmaps"], RetryAfterSeconds = 0 });
        Fake.Store.Create(PlainConfigMap("default", "a"));
        var informer = NewInformer(KubernetesKind.ConfigMap, Record);
        await using var run = Start(informer.RunAsync);

        await Eventually.TrueAsync(() => Fake.Requests.Count(r => r.Verb == "list" && r.FaultInjected) >= 3, "failed lists");
        Assert.False(informer.HasSynced);
        Fake.Faults.Reset();

        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(informer.Cache.Get("default", "a"));
        Assert.True(informer.WatchRestarts >= 3);
    }

    [Fact]
    public async Task Cancellation_StopsTheInformer()
    {
        var informer = NewInformer(KubernetesKind.ConfigMap, Record);
        var run = Start(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Fake.Requests.Count("watch", "configmaps") >= 1, "watch open");

        await run.StopAsync();
        await run.DisposeAsync();

        Assert.True(run.Task.IsCompletedSuccessfully);
    }
}
