using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// The latest known state of every object of one kind, keyed <c>namespace/name</c>. Its informer fills
/// it; a reconcile may also record what it has just written (<see cref="Remember"/>), so that its next
/// read does not see the object as it was before the write while the watch event is still on its way.
/// Of two states of an object the newer resourceVersion wins, whichever arrives last, and a write that
/// comes back after the informer saw the object deleted never brings it back. Read from any thread;
/// every read returns a fresh copy.
/// </summary>
/// <remarks>
/// Objects are kept as their UTF-8 JSON (<see cref="CachedObject"/>), parsed again when read: a JSON tree takes several
/// times the memory of its text, and holding 500 assistants' children as trees was most of the operator's memory.
/// </remarks>
internal sealed class ObjectCache
{
    private readonly ConcurrentDictionary<string, CachedObject> _objects = new(StringComparer.Ordinal);

    // The uid of each object whose deletion the informer reported, by key, until the key is seen again or
    // the next list. The API server answers the write that ends an object's life (removing the last
    // finalizer) with the object as last stored, and that answer may be recorded after the deletion event.
    private readonly Dictionary<string, string?> _deleted = new(StringComparer.Ordinal);
    private readonly Lock _writes = new();
    private readonly KubernetesKind _kind;

    /// <param name="kind">The kind of the cached objects.</param>
    /// <param name="selector">The labels its informer selects by (none: every object of the kind).</param>
    public ObjectCache(KubernetesKind kind, IReadOnlyDictionary<string, string>? selector = null)
    {
        _kind = kind;
        Selector = selector ?? new Dictionary<string, string>();
    }

    /// <summary>The labels every cached object carries: a question about objects with these labels is answered in full here.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; }

    public int Count => _objects.Count;

    public JsonObject? Get(string? ns, string name) => _objects.GetValueOrDefault(ObjectMeta.CacheKey(ns, name))?.Read();

    /// <summary>A point-in-time copy of every cached object.</summary>
    public IReadOnlyList<JsonObject> Snapshot() => [.. _objects.Values.Select(cached => cached.Read())];

    /// <summary>The cached objects in <paramref name="ns"/> that carry every label of <paramref name="labels"/>.</summary>
    public IReadOnlyList<JsonObject> List(string ns, IReadOnlyDictionary<string, string> labels) =>
        [.. _objects.Values.Where(cached => cached.Namespace == ns && labels.All(label => cached.Label(label.Key) == label.Value)).Select(cached => cached.Read())];

    /// <summary>Stores what the informer observed; returns the event to report, or null if nothing changed.</summary>
    public ResourceEvent? Upsert(JsonObject obj)
    {
        var key = ObjectMeta.CacheKey(obj);
        lock (_writes)
        {
            if (!_objects.TryGetValue(key, out var current))
            {
                _deleted.Remove(key);
                _objects[key] = CachedObject.Of(CachedForm.Of(_kind, obj));
                return new ResourceEvent(_kind, ResourceEventType.Added, obj);
            }

            // Watches replay what a list already returned, and an event may trail a write a reconcile
            // already recorded: neither is a change.
            if (!IsNewer(ObjectMeta.ResourceVersion(obj), current.ResourceVersion))
            {
                return null;
            }

            _objects[key] = CachedObject.Of(CachedForm.Of(_kind, obj));
            return new ResourceEvent(_kind, ResourceEventType.Modified, obj, current.Read());
        }
    }

    /// <summary>
    /// Records an object as a write to the API server returned it, unless the cache already holds the same
    /// or a newer state, or the informer has seen that very object deleted. Reports nothing: the change is
    /// the reconcile's own.
    /// </summary>
    public void Remember(JsonObject written)
    {
        var key = ObjectMeta.CacheKey(written);
        lock (_writes)
        {
            if (_deleted.TryGetValue(key, out var uid) && uid == ObjectMeta.Uid(written))
            {
                return;
            }

            if (!_objects.TryGetValue(key, out var current) || IsNewer(ObjectMeta.ResourceVersion(written), current.ResourceVersion))
            {
                _objects[key] = CachedObject.Of(CachedForm.Of(_kind, written));
            }
        }
    }

    /// <summary>Forgets an object a reconcile has just deleted; the informer's deletion event still follows.</summary>
    public void Forget(string ns, string name)
    {
        lock (_writes)
        {
            _objects.TryRemove(ObjectMeta.CacheKey(ns, name), out _);
        }
    }

    /// <summary>Forgets the object; reports the last known state (or the given one if it was not cached).</summary>
    public ResourceEvent Remove(JsonObject obj)
    {
        var key = ObjectMeta.CacheKey(obj);
        lock (_writes)
        {
            _deleted[key] = ObjectMeta.Uid(obj);
            return new(_kind, ResourceEventType.Deleted, _objects.TryRemove(key, out var last) ? last.Read() : obj);
        }
    }

    /// <summary>
    /// Replaces the contents with a fresh list, returning an event for everything that differs: new
    /// objects, objects whose resourceVersion changed, and cached objects the list no longer has — except
    /// one a reconcile recorded that is newer than the list (<paramref name="listVersion"/>): it was
    /// written after the list was taken, and the watch from there reports it.
    /// </summary>
    public IReadOnlyList<ResourceEvent> Replace(IEnumerable<JsonObject> listed, string? listVersion = null)
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

        lock (_writes)
        {
            foreach (var (key, last) in _objects)
            {
                if (!seen.Contains(key) && ResourceVersions.Compare(last.ResourceVersion, listVersion) is not > 0
                    && _objects.TryRemove(key, out _))
                {
                    events.Add(new ResourceEvent(_kind, ResourceEventType.Deleted, last.Read()));
                }
            }

            // The writes that raced with those deletions have long been answered; the list is the truth now.
            _deleted.Clear();
        }

        return events;
    }

    // Versions that cannot be ordered (an API server without comparable resourceVersions) count as newer
    // when they differ, as informers have always treated them.
    private static bool IsNewer(string? next, string? now) =>
        ResourceVersions.Compare(next, now) is { } order ? order > 0 : next != now;
}
