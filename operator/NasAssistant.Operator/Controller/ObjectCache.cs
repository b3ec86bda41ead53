using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// The latest known state of every object of one kind, keyed <c>namespace/name</c>. Written only by
/// its informer's loop; read from any thread. Stored objects are never mutated after insertion.
/// </summary>
internal sealed class ObjectCache
{
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly KubernetesKind _kind;

    public ObjectCache(KubernetesKind kind) => _kind = kind;

    public int Count => _objects.Count;

    public JsonObject? Get(string? ns, string name) => _objects.GetValueOrDefault(ObjectMeta.CacheKey(ns, name));

    /// <summary>A point-in-time copy of every cached object.</summary>
    public IReadOnlyList<JsonObject> Snapshot() => _objects.Values.ToList();

    /// <summary>Stores <paramref name="obj"/>; returns the event to report, or null if nothing changed.</summary>
    public ResourceEvent? Upsert(JsonObject obj)
    {
        var key = ObjectMeta.CacheKey(obj);
        if (_objects.TryGetValue(key, out var current))
        {
            // Watches replay what a list already returned; the same resourceVersion is not a change.
            if (ObjectMeta.ResourceVersion(current) is { } version && version == ObjectMeta.ResourceVersion(obj))
            {
                return null;
            }

            _objects[key] = obj;
            return new ResourceEvent(_kind, ResourceEventType.Modified, obj);
        }

        _objects[key] = obj;
        return new ResourceEvent(_kind, ResourceEventType.Added, obj);
    }

    /// <summary>Forgets the object; reports the last known state (or the given one if it was not cached).</summary>
    public ResourceEvent Remove(JsonObject obj) =>
        new(_kind, ResourceEventType.Deleted, _objects.TryRemove(ObjectMeta.CacheKey(obj), out var last) ? last : obj);

    /// <summary>
    /// Replaces the contents with a fresh list, returning an event for everything that differs: new
    /// objects, objects whose resourceVersion changed, and cached objects the list no longer has.
    /// </summary>
    public IReadOnlyList<ResourceEvent> Replace(IEnumerable<JsonObject> listed)
    {
        var events = new List<ResourceEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in listed)
        {
            seen.Add(ObjectMeta.CacheKey(obj));
            if (Upsert(obj) is { } change)
            {
                events.Add(change);
            }
        }

        foreach (var (key, last) in _objects)
        {
            if (!seen.Contains(key) && _objects.TryRemove(key, out _))
            {
                events.Add(new ResourceEvent(_kind, ResourceEventType.Deleted, last));
            }
        }

        return events;
    }
}
