using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Selectors;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Direct store access for tests: seed, read, change and delete objects without HTTP (no request log
/// entries, no injected faults). Writes still get resourceVersions, defaults, schema validation and
/// watch events; unlike the HTTP API they may set status together with the rest of the object.
/// </summary>
public sealed partial class ResourceStore
{
    /// <summary>Creates an object (kind from its apiVersion/kind; namespace from metadata, else "default").</summary>
    public JsonObject Create(JsonObject obj) =>
        Create(Resolve(obj), null, obj, WriteOptions.Default, keepStatus: true);

    /// <summary>Creates a typed object, e.g. a <see cref="V1ConfigMap"/>; returns the stored version.</summary>
    public T Create<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var json = ToJson(obj);
        return FromJson<T>(Create(json));
    }

    public JsonObject? Get(string apiVersion, string kind, string? ns, string name) => TryGet(Resolve(apiVersion, kind), ns, name);

    public T? Get<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        TryGet(Resolve<T>(), ns, name) is { } json ? FromJson<T>(json) : null;

    /// <summary>Lists objects of a kind, in one namespace or (null) all.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null) =>
        List(Resolve(apiVersion, kind), ns, LabelSelector.Everything, FieldSelector.Everything).Items;

    public IReadOnlyList<T> List<T>(string? ns = null)
        where T : IKubernetesObject<V1ObjectMeta> =>
        List(Resolve<T>(), ns, LabelSelector.Everything, FieldSelector.Everything).Items.Select(FromJson<T>).ToList();

    /// <summary>Read-modify-write of one object under the store lock (spec and status alike).</summary>
    public JsonObject Update(string apiVersion, string kind, string? ns, string name, Action<JsonObject> mutate) =>
        Update(Resolve(apiVersion, kind), ns, name, current =>
        {
            mutate(current);
            return current;
        }, UpdateMode.Full, WriteOptions.Default);

    public T Update<T>(string? ns, string name, Action<T> mutate)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var updated = Update(Resolve<T>(), ns, name, current =>
        {
            var typed = FromJson<T>(current);
            mutate(typed);
            return ToJson(typed);
        }, UpdateMode.Full, WriteOptions.Default);
        return FromJson<T>(updated);
    }

    /// <summary>
    /// Deletes like the API does (admission, finalizers, the garbage collector's propagation finalizers;
    /// null policy: the resource's default); returns false when the object was not there.
    /// </summary>
    public bool Delete(string apiVersion, string kind, string? ns, string name, string? propagationPolicy = null)
    {
        try
        {
            Delete(Resolve(apiVersion, kind), ns, name, DeleteRequest.WithPolicy(propagationPolicy));
            return true;
        }
        catch (KubeApiException e) when (e.Code == 404)
        {
            return false;
        }
    }

    public bool Delete<T>(string? ns, string name, string? propagationPolicy = null)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var type = Resolve<T>();
        return Delete(type.PreferredApiVersion, type.Kind, ns, name, propagationPolicy);
    }

    internal static JsonObject ToJson<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        if (typeof(T).GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
        {
            json["apiVersion"] ??= entity.Group.Length == 0 ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
            json["kind"] ??= entity.Kind;
        }

        return json;
    }

    internal static T FromJson<T>(JsonObject json) => KubernetesJson.Deserialize<T>(json.ToJsonString());

    private ResourceType Resolve(JsonObject obj) =>
        Resolve(obj["apiVersion"]?.GetValue<string>() ?? string.Empty, obj["kind"]?.GetValue<string>() ?? string.Empty);

    private ResourceType Resolve(string apiVersion, string kind) =>
        _registry.FindKind(apiVersion, kind) ?? throw KubeApiException.NotFound("resource", $"{apiVersion}/{kind}");

    private ResourceType Resolve<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} has no [KubernetesEntity] attribute", nameof(T));
        return Resolve(entity.Group.Length == 0 ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}", entity.Kind);
    }
}
