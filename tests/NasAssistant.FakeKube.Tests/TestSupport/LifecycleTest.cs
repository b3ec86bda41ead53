using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>
/// Helpers for tests of deletion and of the controllers behind it: objects with owners and finalizers,
/// DELETE requests sent as raw HTTP (so body and query are exactly what the test says), and waits.
/// </summary>
public abstract class LifecycleTest : FakeKubeTest
{
    protected const string Finalizer = "test.nasassistant.io/hold";

    protected static JsonObject ConfigMap(string name, string ns = "default", IEnumerable<JsonObject>? owners = null, params string[] finalizers)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (owners is not null)
        {
            meta["ownerReferences"] = new JsonArray(owners.Select(o => (JsonNode?)o).ToArray());
        }

        if (finalizers.Length > 0)
        {
            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray());
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = meta, ["data"] = new JsonObject { ["key"] = "value" } };
    }

    protected static JsonObject Deployment(string name, string ns = "default") => Json(ValidObjects.Deployment(name), ns);

    protected static JsonObject Pod(string name, string ns = "default", string? nodeName = null, params string[] claims)
    {
        var spec = PodSpec();
        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        spec["volumes"] = new JsonArray(claims.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c,
            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = c },
        }).ToArray());
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    protected static JsonObject PodSpec() => new()
    {
        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example/app:1" }),
    };

    /// <summary>A typed object as the JSON the store takes, in namespace <paramref name="ns"/>.</summary>
    protected static JsonObject Json<T>(T obj, string ns = "default")
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.NamespaceProperty = ns;
        return ResourceStore.ToJson(obj);
    }

    protected static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    protected static JsonObject OwnerReference(JsonObject owner, bool? blockOwnerDeletion = null)
    {
        var reference = new JsonObject
        {
            ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
            ["kind"] = owner["kind"]!.GetValue<string>(),
            ["name"] = Name(owner),
            ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        };
        if (blockOwnerDeletion is { } block)
        {
            reference["blockOwnerDeletion"] = block;
        }

        return reference;
    }

    /// <summary>A reference to an owner that never existed.</summary>
    protected static JsonObject AbsentOwner(string name = "ghost") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["name"] = name,
        ["uid"] = Guid.NewGuid().ToString(),
    };

    protected static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    protected static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"]?.AsArray().Select(f => f!.GetValue<string>()).ToList() ?? [];

    protected static IReadOnlyList<string> OwnerUids(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"]?.AsArray().Select(r => r!["uid"]!.GetValue<string>()).ToList() ?? [];

    protected static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>Creates through the store (no request log, no faults), as a test seeds a cluster.</summary>
    protected JsonObject Seed(JsonObject obj) => Fake.Store.Create(obj);

    /// <summary>The stored object of that kind, namespace and name; null once it is gone.</summary>
    protected JsonObject? Find(JsonObject obj) =>
        Fake.Store.Get(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>(), obj["metadata"]!["namespace"]?.GetValue<string>(), Name(obj));

    protected Task GoneAsync(JsonObject obj) =>
        Eventually.TrueAsync(() => Find(obj) is null, $"{obj["kind"]} {Name(obj)} to be gone");

    protected Task<JsonObject> UntilAsync(JsonObject obj, Func<JsonObject, bool> done, string what) =>
        Eventually.ValueAsync(() => Find(obj)!, o => o is not null && done(o), what);

    protected void RemoveFinalizer(JsonObject obj, string finalizer) =>
        Fake.Store.Update(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>(), obj["metadata"]!["namespace"]?.GetValue<string>(), Name(obj), o =>
            o["metadata"]!["finalizers"] = new JsonArray(Finalizers(o).Where(f => f != finalizer).Select(f => (JsonNode?)f).ToArray()));

    /// <summary>
    /// Waits until the garbage collector has handled everything written so far: it handles changes in order,
    /// so once a dependent created now, whose owner never existed, is collected, earlier work is done too.
    /// </summary>
    protected async Task CollectorCaughtUpAsync()
    {
        var marker = Seed(ConfigMap($"marker-{Guid.NewGuid():N}", owners: [AbsentOwner()]));
        await GoneAsync(marker);
    }

    /// <summary>DELETE on the object's URL with exactly this query string and body.</summary>
    protected async Task<(HttpStatusCode Status, JsonObject Body)> DeleteAsync(JsonObject obj, string query = "", string? body = null)
    {
        var type = Fake.Store.Registry.FindKind(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>())!;
        var root = type.Group.Length == 0 ? $"/api/{type.Versions[0]}" : $"/apis/{type.Group}/{type.Versions[0]}";
        var scope = type.Namespaced ? $"/namespaces/{obj["metadata"]!["namespace"]!.GetValue<string>()}" : string.Empty;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Fake.Url}{root}{scope}/{type.Plural}/{Name(obj)}{query}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
