using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Selectors;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Deletion as the registry does it: finalizers and deletionTimestamp, the garbage collector's
/// <c>orphan</c>/<c>foregroundDeletion</c> finalizers, and the two kinds whose first delete only starts
/// a cleanup (Namespace, CustomResourceDefinition). Dependents are left to the garbage collector.
/// </summary>
public sealed partial class ResourceStore
{
    /// <summary>
    /// Store.DeleteCollection (registry/store.go): deletes every matching object, each as a single delete
    /// would (finalizers, propagation); returns the objects as listed.
    /// </summary>
    internal IReadOnlyList<JsonObject> DeleteCollection(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, DeleteRequest request)
    {
        var items = List(type, ns, labels, fields).Items;
        foreach (var item in items)
        {
            try
            {
                Delete(type, Meta.Namespace(item), Meta.Name(item), request);
            }
            catch (KubeApiException e) when (e.Code == 404)
            {
                // Deleted meanwhile (e.g. by the garbage collector): nothing left to do.
            }
        }

        return items;
    }

    private (JsonObject Object, bool Removed) DeleteLocked(ResourceType type, JsonObject current, DeleteRequest request)
    {
        if (NamespaceStrategy.Is(type))
        {
            return DeleteNamespaceLocked(type, current, request);
        }

        if (CustomResourceDefinitions.IsCrd(type) && !Meta.IsDeleting(current))
        {
            return (Copy(BeginCustomResourceCleanup(type, current)), false);
        }

        return DeleteWithFinalizers(type, current, request);
    }

    // Store.Delete and updateForGracefulDeletionAndFinalizers (apiserver/pkg/registry/generic/registry/store.go):
    // the object goes at once unless finalizers remain, in which case it is only marked as deleting.
    private (JsonObject Object, bool Removed) DeleteWithFinalizers(ResourceType type, JsonObject current, DeleteRequest request)
    {
        var finalizers = GarbageCollectionFinalizers.For(type, current, request) ?? Meta.Finalizers(current);
        if (finalizers.Count == 0)
        {
            return (Copy(Remove(type, current)), true);
        }

        var next = Copy(current);
        Meta.SetFinalizers(next, finalizers);
        MarkAsDeleting(next);
        return (Copy(CommitChange(type, current, next)), false);
    }

    // markAsDeleting (store.go): generation moves with the first deletionTimestamp.
    private void MarkAsDeleting(JsonObject obj)
    {
        var meta = Meta.Of(obj);
        if (!Meta.IsDeleting(obj))
        {
            if (Meta.Generation(obj) > 0)
            {
                meta["generation"] = Meta.Generation(obj) + 1;
            }

            meta["deletionTimestamp"] = Now();
        }

        meta["deletionGracePeriodSeconds"] = 0;
    }

    // REST.Delete (pkg/registry/core/namespace/storage/storage.go): the first delete only starts termination,
    // later ones return the namespace until the namespace controller has emptied spec.finalizers.
    private (JsonObject Object, bool Removed) DeleteNamespaceLocked(ResourceType type, JsonObject current, DeleteRequest request)
    {
        if (Meta.IsDeleting(current))
        {
            return NamespaceStrategy.Finalizers(current).Count > 0 ? (Copy(current), false) : DeleteWithFinalizers(type, current, request);
        }

        var next = Copy(current);
        Meta.Of(next)["deletionTimestamp"] = Now();
        NamespaceStrategy.SetPhase(next, NamespaceStrategy.Terminating);
        var finalizers = Meta.Finalizers(current).ToList();
        Toggle(finalizers, GarbageCollectionFinalizers.Orphan, ShouldHaveOrphanFinalizer(request, finalizers.Contains(GarbageCollectionFinalizers.Orphan)));
        Toggle(finalizers, GarbageCollectionFinalizers.Foreground, ShouldHaveDeleteDependentsFinalizer(request, finalizers.Contains(GarbageCollectionFinalizers.Foreground)));
        Meta.SetFinalizers(next, finalizers);
        return (Copy(Commit(type, current, next, WatchEvent.Modified)), false);
    }

    // shouldHaveOrphanFinalizer (namespace storage.go)
    private static bool ShouldHaveOrphanFinalizer(DeleteRequest request, bool has) =>
        request.OrphanDependents ?? (request.PropagationPolicy is { } policy ? policy == DeleteRequest.Orphan : has);

    // shouldHaveDeleteDependentsFinalizer (namespace storage.go)
    private static bool ShouldHaveDeleteDependentsFinalizer(DeleteRequest request, bool has) =>
        request.OrphanDependents is { } orphan ? !orphan : request.PropagationPolicy is { } policy ? policy == DeleteRequest.Foreground : has;

    private static void Toggle(List<string> finalizers, string finalizer, bool present)
    {
        finalizers.Remove(finalizer);
        if (present)
        {
            finalizers.Add(finalizer);
        }
    }

    // REST.Delete (apiextensions-apiserver/pkg/registry/customresourcedefinition/etcd.go): the first delete adds
    // the cleanup finalizer; the CRD finalizer controller deletes the instances, then removes it.
    private JsonObject BeginCustomResourceCleanup(ResourceType type, JsonObject current)
    {
        var next = Copy(current);
        Meta.Of(next)["deletionTimestamp"] = Now();
        if (!Meta.Finalizers(current).Contains(CustomResourceDefinitions.CleanupFinalizer))
        {
            Meta.SetFinalizers(next, [.. Meta.Finalizers(current), CustomResourceDefinitions.CleanupFinalizer]);
        }

        StatusConditions.Set(Meta.Section(next, "status"), CustomResourceDefinitions.Terminating, "True", "InstanceDeletionPending",
            "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", Now());
        return Commit(type, current, next, WatchEvent.Modified);
    }

    // ShouldDeleteDuringUpdate (store.go), with ShouldDeleteNamespaceDuringUpdate's spec.finalizers check:
    // an update that leaves a deleting object without finalizers deletes it.
    private static bool ShouldDeleteDuringUpdate(ResourceType type, JsonObject next, JsonObject existing) =>
        Meta.Finalizers(next).Count == 0
        && Meta.IsDeleting(existing)
        && Meta.DeletionGracePeriodSeconds(existing) is null or 0
        && (!NamespaceStrategy.Is(type) || NamespaceStrategy.Finalizers(next).Count == 0);

    /// <summary>Removes an object for good; the garbage collector learns of it from the change feed.</summary>
    private JsonObject Remove(ResourceType type, JsonObject current)
    {
        var final = Copy(current);
        var version = ++_version;
        Meta.Of(final)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        Bucket(type).Remove(Key(Meta.Namespace(current), Meta.Name(current)));
        var frozen = Copy(final);
        _hub.Publish(new WatchEvent(WatchEvent.Deleted, version, type, frozen, current));
        if (CustomResourceDefinitions.IsCrd(type))
        {
            RemoveServedResource(current);
        }

        return frozen;
    }

    private JsonObject CommitChange(ResourceType type, JsonObject current, JsonObject next) =>
        JsonNode.DeepEquals(current, next) ? current : Commit(type, current, next, WatchEvent.Modified);

    // Once a CRD is gone its resource is no longer served. Instances the cleanup did not remove (its
    // finalizer was taken off by hand) are dropped with it.
    private void RemoveServedResource(JsonObject crd)
    {
        var group = crd["spec"]?["group"]?.GetValue<string>() ?? string.Empty;
        var plural = crd["spec"]?["names"]?["plural"]?.GetValue<string>() ?? string.Empty;
        var served = _registry.All.FirstOrDefault(t => t.IsCustom && t.Group == group && t.Plural == plural);
        if (served is null)
        {
            return;
        }

        foreach (var obj in Bucket(served).Values.ToList())
        {
            var version = ++_version;
            var final = Copy(obj);
            Meta.Of(final)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            _hub.Publish(new WatchEvent(WatchEvent.Deleted, version, served, final, obj));
        }

        _objects.Remove(served.QualifiedResource);
        _registry.Unregister(served);
    }
}
