using System.Text.Json.Nodes;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class ObjectCacheTests
{
    private static JsonObject Object(string name, string version, string uid = "u1") =>
        new() { ["metadata"] = new JsonObject { ["namespace"] = "default", ["name"] = name, ["resourceVersion"] = version, ["uid"] = uid } };

    [Fact]
    public void Upsert_ReportsAddedThenModified_AndIgnoresTheSameVersion()
    {
        var cache = new ObjectCache(KubernetesKind.ConfigMap);

        Assert.Equal(ResourceEventType.Added, cache.Upsert(Object("a", "1"))!.Type);
        Assert.Null(cache.Upsert(Object("a", "1")));
        Assert.Equal(ResourceEventType.Modified, cache.Upsert(Object("a", "2"))!.Type);
        Assert.Equal("2", ObjectMeta.ResourceVersion(cache.Get("default", "a")!));
    }

    [Fact]
    public void Replace_ReportsOnlyDifferences_IncludingObjectsMissingFromTheList()
    {
        var cache = new ObjectCache(KubernetesKind.ConfigMap);
        cache.Replace([Object("same", "1"), Object("changed", "1"), Object("gone", "1")]);

        var events = cache.Replace([Object("same", "1"), Object("changed", "5"), Object("new", "6")]);

        Assert.Equal(
            [("changed", ResourceEventType.Modified), ("new", ResourceEventType.Added), ("gone", ResourceEventType.Deleted)],
            events.Select(e => (ObjectMeta.Name(e.Object), e.Type)).ToList());
        Assert.Equal(3, cache.Count);
        Assert.Null(cache.Get("default", "gone"));
    }

    [Fact]
    public void Remove_ReportsTheLastKnownState()
    {
        var cache = new ObjectCache(KubernetesKind.ConfigMap);
        cache.Upsert(Object("a", "3"));

        var removed = cache.Remove(Object("a", "4"));

        Assert.Equal(ResourceEventType.Deleted, removed.Type);
        Assert.Equal("3", ObjectMeta.ResourceVersion(removed.Object));
        Assert.Equal(0, cache.Count);
    }

    [Theory]
    [InlineData("5", "7", "7")]
    [InlineData("7", "5", "7")]
    [InlineData("9", "10", "10")]
    [InlineData("10", "9", "10")]
    public void Remember_AndTheWatchEvent_TheNewerVersionWinsWhicheverComesLast(string first, string second, string kept)
    {
        var written = new ObjectCache(KubernetesKind.ConfigMap);
        written.Remember(Object("a", first));
        written.Upsert(Object("a", second));
        var watched = new ObjectCache(KubernetesKind.ConfigMap);
        watched.Upsert(Object("a", first));
        watched.Remember(Object("a", second));

        Assert.Equal(kept, ObjectMeta.ResourceVersion(written.Get("default", "a")!));
        Assert.Equal(kept, ObjectMeta.ResourceVersion(watched.Get("default", "a")!));
    }

    [Fact]
    public void Remember_AfterTheInformerSawTheObjectDeleted_DoesNotBringItBack_ButANewObjectOfThatNameIsKept()
    {
        var cache = new ObjectCache(KubernetesKind.ConfigMap);
        cache.Upsert(Object("a", "3"));

        // The write that removed the last finalizer is answered with the object as last stored, at the
        // deletion's version, and may be recorded after the deletion event.
        cache.Remove(Object("a", "4"));
        cache.Remember(Object("a", "4"));
        Assert.Null(cache.Get("default", "a"));

        cache.Remember(Object("a", "6", uid: "u2"));
        Assert.Equal("u2", ObjectMeta.Uid(cache.Get("default", "a")!));
    }

    [Fact]
    public void Replace_KeepsAWriteRecordedAfterTheListWasTaken_AndDropsWhatTheListNoLongerHas()
    {
        var cache = new ObjectCache(KubernetesKind.ConfigMap);
        cache.Replace([Object("old", "2")], listVersion: "2");
        cache.Remember(Object("fresh", "12"));

        var events = cache.Replace([], listVersion: "10");

        Assert.Equal([("old", ResourceEventType.Deleted)], events.Select(e => (ObjectMeta.Name(e.Object), e.Type)).ToList());
        Assert.NotNull(cache.Get("default", "fresh"));
    }

    [Fact]
    public void CachedObjects_LeaveOutManagedFields_AndOfAPodEverythingButItsMetadataAndStatus()
    {
        var pods = new ObjectCache(KubernetesKind.Pod);
        var pod = Object("p", "1");
        pod["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubelet" });
        pod["spec"] = new JsonObject { ["containers"] = new JsonArray() };
        pod["status"] = new JsonObject { ["phase"] = "Running" };

        pods.Upsert(pod);

        var cached = pods.Get("default", "p")!;
        Assert.Null(cached["metadata"]!["managedFields"]);
        Assert.Null(cached["spec"]);
        Assert.Equal("Running", cached["status"]!["phase"]!.GetValue<string>());
    }
}
