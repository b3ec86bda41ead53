using System.Text.Json.Nodes;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class ObjectCacheTests
{
    private static JsonObject Object(string name, string version) =>
        new() { ["metadata"] = new JsonObject { ["namespace"] = "default", ["name"] = name, ["resourceVersion"] = version } };

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
}
