using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Api;

/// <summary>
/// Watch-list (sendInitialEvents, cacher watch): the current objects, a BOOKMARK annotated
/// <c>k8s.io/initial-events-end</c> at the version they reflect, then the changes; and the list options
/// the server refuses (ValidateListOptions).
/// </summary>
public sealed class WatchListTests : FakeKubeTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string WatchList = ConfigMaps + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true";

    [Fact]
    public async Task WatchList_SendsTheCurrentObjects_ThenTheInitialEventsEndBookmark_ThenChanges()
    {
        await CreateAsync("a");
        await CreateAsync("b");
        var version = Fake.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var watch = await WatchStream.OpenAsync(Fake.Url, WatchList);

        var first = await watch.NextAsync();
        var second = await watch.NextAsync();
        var bookmark = await watch.NextAsync();
        await CreateAsync("c");
        var change = await watch.NextAsync();

        Assert.Equal(("ADDED", "a"), (Type(first), Name(first)));
        Assert.Equal(("ADDED", "b"), (Type(second), Name(second)));
        Assert.Equal("BOOKMARK", Type(bookmark));
        Assert.Equal("ConfigMap", bookmark["object"]!["kind"]!.GetValue<string>());
        Assert.Equal(version, bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("true", bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
        Assert.Equal(("ADDED", "c"), (Type(change), Name(change)));
    }

    [Fact]
    public async Task WatchWithoutVersion_IsAWatchList_SoBookmarksEndTheInitialEvents()
    {
        await CreateAsync("a");
        await using var watch = await WatchStream.OpenAsync(Fake.Url, ConfigMaps + "?watch=true&allowWatchBookmarks=true");

        var added = await watch.NextAsync();
        var bookmark = await watch.NextAsync();

        Assert.Equal(("ADDED", "a"), (Type(added), Name(added)));
        Assert.Equal("true", bookmark["object"]!["metadata"]!["annotations"]?["k8s.io/initial-events-end"]?.GetValue<string>());
    }

    [Fact]
    public async Task WatchList_WithoutBookmarks_NeverSendsTheEndBookmark()
    {
        await CreateAsync("a");
        await using var watch = await WatchStream.OpenAsync(Fake.Url, ConfigMaps + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan");

        var added = await watch.NextAsync();
        await CreateAsync("b");
        var next = await watch.NextAsync();

        Assert.Equal(("ADDED", "a"), (Type(added), Name(added)));
        Assert.Equal(("ADDED", "b"), (Type(next), Name(next)));
    }

    [Fact]
    public async Task WatchWithoutInitialEvents_StartsNow()
    {
        await CreateAsync("before");
        await using var watch = await WatchStream.OpenAsync(Fake.Url, ConfigMaps + "?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan");

        await CreateAsync("after");
        var first = await watch.NextAsync();

        Assert.Equal(("ADDED", "after"), (Type(first), Name(first)));
    }

    [Fact]
    public async Task WatchList_FromAVersionTheServerHasNotReached_IsTooLarge()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, WatchList + "&resourceVersion=999999");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("Timeout", body["reason"]!.GetValue<string>());
        Assert.StartsWith("Timeout: Too large resource version: 999999, current: ", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ResourceVersionTooLarge", body["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(1, body["details"]!["retryAfterSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task TableWatch_PrintsEachObjectAsATable_WithColumnsOnlyInTheFirst()
    {
        await CreateAsync("a");
        await CreateAsync("b");
        await using var watch = await WatchStream.OpenAsync(Fake.Url, ConfigMaps + "?watch=true", "application/json;as=Table;g=meta.k8s.io;v=v1");

        var first = (await watch.NextAsync())["object"]!;
        var second = (await watch.NextAsync())["object"]!;

        Assert.Equal("Table", first["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Data", "Age"], first["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("a", first["rows"]![0]!["cells"]![0]!.GetValue<string>());
        Assert.Null(second["columnDefinitions"]);
        Assert.Equal("b", second["rows"]![0]!["cells"]![0]!.GetValue<string>());
    }

    // ValidateListOptions cases: the 422 is about the ListOptions kind of meta.k8s.io.
    [Theory]
    [InlineData("watch=true&sendInitialEvents=true", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("watch=true&resourceVersion=5&resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=Exact", "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    [InlineData("sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [InlineData("resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("resourceVersion=0&resourceVersionMatch=Exact", "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData("resourceVersion=1&resourceVersionMatch=Newest", "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    public async Task ListOptions_ThatDoNotGoTogether_AreInvalid(string query, string errors)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"{ConfigMaps}?{query}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {errors}", body["message"]!.GetValue<string>());
        Assert.Equal("ListOptions", body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io", body["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task KubernetesClientWatch_SeesTheEndBookmarkAsABookmark()
    {
        await CreateAsync("a");
        using var cts = new CancellationTokenSource(Eventually.DefaultTimeout);
        var seen = new List<WatchEventType>();
        await foreach (var (type, _) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, cancellationToken: cts.Token))
        {
            seen.Add(type);
            if (type == WatchEventType.Bookmark)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], seen);
    }

    private Task<V1ConfigMap> CreateAsync(string name) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");

    private static string Type(JsonObject watchEvent) => watchEvent["type"]!.GetValue<string>();

    private static string Name(JsonObject watchEvent) => watchEvent["object"]!["metadata"]!["name"]!.GetValue<string>();
}
