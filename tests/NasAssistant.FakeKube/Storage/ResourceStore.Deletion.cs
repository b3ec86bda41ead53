using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Storage;

/// <summary>Deletion: finalizers and deletionTimestamp, and the garbage collector's ownerReference cascade.</summary>
public sealed partial class ResourceStore
{
    private const string ForegroundFinalizer = "foregroundDeletion";

    private (JsonObject Object, bool Removed) DeleteLocked(ResourceType type, JsonObject current, string policy)
    {
        var uid = Meta.Uid(current);
        if (policy == DeleteRequest.Orphan)
        {
            OrphanDependents(uid);
        }

        var finalizers = Meta.Finalizers(current).ToList();
        if (policy == DeleteRequest.Foreground && Dependents(uid).Count > 0 && !finalizers.Contains(ForegroundFinalizer))
        {
            finalizers.Add(ForegroundFinalizer);
        }

        if (finalizers.Count == 0)
        {
            return (Copy(Remove(type, current)), true);
        }

        var stored = current;
        if (!Meta.IsDeleting(current) || finalizers.Count != Meta.Finalizers(current).Count)
        {
            var next = Copy(current);
            Meta.SetFinalizers(next, finalizers);
            var meta = Meta.Of(next);
            if (!Meta.IsDeleting(current))
            {
                meta["deletionTimestamp"] = Now();
                meta["deletionGracePeriodSeconds"] = 0;

                // The real server bumps generation when it marks an object for deletion.
                meta["generation"] = Meta.Generation(current) + 1;
            }

            stored = Commit(type, current, next, WatchEvent.Modified);
        }

        if (policy == DeleteRequest.Foreground)
        {
            DeleteDependents(uid);
            stored = Find(type, Meta.Namespace(stored), Meta.Name(stored)) ?? stored;
        }

        return (Copy(stored), Find(type, Meta.Namespace(stored), Meta.Name(stored)) is null);
    }

    /// <summary>Removes an object for good, then lets the garbage collector act on what it owned.</summary>
    private JsonObject Remove(ResourceType type, JsonObject current)
    {
        var final = Copy(current);
        var version = ++_version;
        Meta.Of(final)["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = Key(Meta.Namespace(current), Meta.Name(current));
        Bucket(type).Remove(key);
        _owners.Track(type, key, current, null);
        var frozen = Copy(final);
        _hub.Publish(new WatchEvent(WatchEvent.Deleted, version, type, frozen, current));

        if (CustomResourceDefinitions.IsCrd(type))
        {
            RemoveServedResource(current);
        }
        else if (!type.IsCustom && type.Group.Length == 0 && type.Plural == "namespaces")
        {
            DeleteNamespaceContents(Meta.Name(current));
        }

        DeleteDependents(Meta.Uid(current));
        ReleaseForegroundOwners(current);
        return frozen;
    }

    // Background propagation: dependents are deleted, each honouring its own finalizers.
    private void DeleteDependents(string ownerUid)
    {
        foreach (var (type, dependent) in Dependents(ownerUid).ToList())
        {
            if (Find(type, Meta.Namespace(dependent), Meta.Name(dependent)) is { } live && !Meta.IsDeleting(live))
            {
                DeleteLocked(type, live, DeleteRequest.Background);
            }
        }
    }

    private void OrphanDependents(string ownerUid)
    {
        foreach (var (type, dependent) in Dependents(ownerUid).ToList())
        {
            var next = Copy(dependent);
            var remaining = Meta.OwnerReferences(next).Where(r => r["uid"]?.GetValue<string>() != ownerUid).Select(r => (JsonNode?)r.DeepClone()).ToArray();
            if (remaining.Length == 0)
            {
                Meta.Of(next).Remove("ownerReferences");
            }
            else
            {
                Meta.Of(next)["ownerReferences"] = new JsonArray(remaining);
            }

            Commit(type, dependent, next, WatchEvent.Modified);
        }
    }

    // An owner deleted in the foreground goes away once its last dependent has.
    private void ReleaseForegroundOwners(JsonObject removed)
    {
        foreach (var ownerUid in Meta.OwnerReferences(removed).Select(r => r["uid"]?.GetValue<string>()).OfType<string>())
        {
            if (Dependents(ownerUid).Count > 0)
            {
                continue;
            }

            if (_owners.Locate(ownerUid) is not { } location
                || Bucket(location.Type).GetValueOrDefault(location.Key) is not { } owner
                || !Meta.Finalizers(owner).Contains(ForegroundFinalizer))
            {
                continue;
            }

            var next = Copy(owner);
            Meta.SetFinalizers(next, Meta.Finalizers(owner).Where(f => f != ForegroundFinalizer).ToList());
            var stored = Commit(location.Type, owner, next, WatchEvent.Modified);
            if (Meta.Finalizers(stored).Count == 0)
            {
                Remove(location.Type, stored);
            }
        }
    }

    private List<(ResourceType Type, JsonObject Object)> Dependents(string ownerUid) =>
        _owners.DependentsOf(ownerUid)
            .Select(d => (d.Type, Object: Bucket(d.Type).GetValueOrDefault(d.Key)))
            .Where(d => d.Object is not null)
            .Select(d => (d.Type, d.Object!))
            .ToList();

    private void DeleteNamespaceContents(string ns)
    {
        foreach (var (type, obj) in AllObjects().Where(o => o.Type.Namespaced && Meta.Namespace(o.Object) == ns))
        {
            if (Find(type, ns, Meta.Name(obj)) is { } live && !Meta.IsDeleting(live))
            {
                DeleteLocked(type, live, DeleteRequest.Background);
            }
        }
    }

    // Deleting a CRD stops serving its resource and deletes every object of it.
    private void RemoveServedResource(JsonObject crd)
    {
        var group = crd["spec"]?["group"]?.GetValue<string>() ?? string.Empty;
        var plural = crd["spec"]?["names"]?["plural"]?.GetValue<string>() ?? string.Empty;
        var served = _registry.All.FirstOrDefault(t => t.IsCustom && t.Group == group && t.Plural == plural);
        if (served is null)
        {
            return;
        }

        foreach (var (key, obj) in Bucket(served).ToList())
        {
            _owners.Track(served, key, obj, null);
            var version = ++_version;
            var final = Copy(obj);
            Meta.Of(final)["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _hub.Publish(new WatchEvent(WatchEvent.Deleted, version, served, final, obj));
        }

        _objects.Remove(served.QualifiedResource);
        _registry.Unregister(served);
    }
}
