using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class WatchTests : FakeKubeTest
{
    protected override FakeKubeOptions Options => new() { RandomSeed = 42, WatchHistorySize = 5, BookmarkInterval = TimeSpan.FromMilliseconds(100) };

    private static V1ConfigMap ConfigMap(string name, string? tier = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = tier is null ? null : new Dictionary<string, string> { ["tier"] = tier } },
        Data = new Dictionary<string, string> { ["key"] = "1" },
    };

    [Fact]
    public async Task Watch_SeesAddedModifiedDeleted_InOrder()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<(WatchEventType Type, string Name, string Value)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, item.Metadata.Name, item.Data?["key"] ?? string.Empty));
                if (type == WatchEventType.Deleted)
                {
                    break;
                }
            }
        }, cts.Token);

        // The watch was started from the list's version, so these are replayed even if it connects late.
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        created.Data["key"] = "2";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        await watching;

        Assert.Equal(
            [(WatchEventType.Added, "a", "1"), (WatchEventType.Modified, "a", "2"), (WatchEventType.Deleted, "a", "2")],
            events);
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithCurrentObjects()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("existing"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", cancellationToken: cts.Token))
        {
            Assert.Equal(WatchEventType.Added, type);
            Assert.Equal("existing", item.Metadata.Name);
            break;
        }
    }

    [Fact]
    public async Task Watch_FromVersionOlderThanHistory_Gets410Gone()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        for (var i = 0; i < 10; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "default");
        }

        // The client hands ERROR events to onError; the stream then ends and the caller must re-list.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var errors = new List<Exception>();
        var received = 0;
        try
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: cts.Token))
            {
                received++;
            }
        }
        catch (HttpRequestException)
        {
            // The client peeks the first line before yielding; a stream with only an ERROR line then ends.
        }

        Assert.Equal(0, received);
        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal(410, status.Code);
        Assert.Equal("Expired", status.Reason);
    }

    [Fact]
    public async Task Watch_AfterCompaction_Gets410_ThroughWatcherCallbacks()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        Fake.Store.CompactWatchHistory();

        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = Client.CoreV1.WatchListNamespacedConfigMap(
            "default",
            resourceVersion: list.Metadata.ResourceVersion,
            onEvent: (_, _) => { },
            onError: e => failed.TrySetResult(e));
        var error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(410, Assert.IsType<KubernetesException>(error).Status.Code);
    }

    [Fact]
    public async Task Watch_WithLabelSelector_ReportsObjectsLeavingTheSelectionAsDeleted()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<(WatchEventType, string)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", labelSelector: "tier=web", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, item.Metadata.Name));
                if (events.Count == 2)
                {
                    break;
                }
            }
        }, cts.Token);

        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other", "db"), "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("web", "web"), "default");
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"labels\":{\"tier\":\"db\"}}}", V1Patch.PatchType.MergePatch), "web", "default");
        await watching;
        Assert.Equal([(WatchEventType.Added, "web"), (WatchEventType.Deleted, "web")], events);
    }

    [Fact]
    public async Task Watch_HonoursTimeoutSeconds()
    {
        // KubernetesClient waits for a first line before returning, so give the watch one ADDED event.
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var count = 0;
        await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", timeoutSeconds: 1, cancellationToken: cts.Token))
        {
            count++;
        }

        Assert.False(cts.IsCancellationRequested);
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Watch_WithBookmarks_ReceivesBookmarkAtCurrentVersion()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        var version = Fake.Store.CurrentResourceVersion;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, resourceVersion: version.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cts.Token))
        {
            Assert.Equal(WatchEventType.Bookmark, type);
            Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), item.Metadata.ResourceVersion);
            break;
        }
    }

    [Fact]
    public async Task DroppedWatch_EndsTheStream()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", cancellationToken: cts.Token))
            {
            }
        }, cts.Token);

        await Eventually.TrueAsync(() => Fake.Requests.Count("watch", "configmaps") == 1, "watch to open");
        await Eventually.TrueAsync(() => Fake.Faults.DropWatches() > 0 || watching.IsCompleted, "watch to be dropped");
        await watching.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(cts.IsCancellationRequested);
    }
}
