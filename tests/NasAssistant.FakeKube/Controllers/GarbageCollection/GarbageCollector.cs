using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers.GarbageCollection;

/// <summary>
/// Stands in for kube-controller-manager's garbage collector (pkg/controller/garbagecollector/garbagecollector.go):
/// on its own loop, fed by the store's change feed, it deletes dependents whose owners are all gone,
/// deletes the dependents of owners deleted in the foreground before releasing them, and orphans the
/// dependents of owners deleted with the Orphan policy. It reads and writes through the store, as the
/// real one talks to the API server, and ignores Events as the real one does.
/// </summary>
internal sealed partial class GarbageCollector : IAsyncDisposable
{
    private readonly ResourceStore _store;
    private readonly ILogger _logger;
    private readonly UniqueQueue<GraphNode> _attemptToDelete = new();
    private readonly UniqueQueue<GraphNode> _attemptToOrphan = new();
    private readonly GraphBuilder _graph;
    private readonly ControllerLoop _loop;

    public GarbageCollector(ResourceStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _graph = new GraphBuilder(_attemptToDelete, _attemptToOrphan);
        _loop = new ControllerLoop("garbage-collector", store, t => !GarbageCollectionFinalizers.IsEvent(t), HandleAsync, logger);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private Task HandleAsync(WatchEvent change, CancellationToken cancellation)
    {
        _graph.Process(change);
        var retried = new HashSet<GraphNode>();
        while (_attemptToOrphan.TryTake(out var owner) | _attemptToDelete.TryTake(out var item))
        {
            if (owner is not null)
            {
                Work(owner, AttemptToOrphan, _attemptToOrphan, retried);
            }

            if (item is not null)
            {
                Work(item, AttemptToDeleteItem, _attemptToDelete, retried);
            }
        }

        return Task.CompletedTask;
    }

    // processAttemptToDeleteWorker / processAttemptToOrphanWorker: a conflict means the object changed while
    // it was being looked at, so it is looked at once more; anything else is the object going away meanwhile.
    private void Work(GraphNode node, Action<GraphNode> attempt, UniqueQueue<GraphNode> queue, HashSet<GraphNode> retried)
    {
        try
        {
            attempt(node);
        }
        catch (KubeApiException e) when (e.Code == 409 && retried.Add(node))
        {
            queue.Add(node);
        }
        catch (KubeApiException e)
        {
            LogSkipped(_logger, node.Identity.Kind, node.Identity.Namespace, node.Identity.Name, e.Message);
        }
    }

    // attemptToDeleteItem: delete the item if none of its owners is left, else drop references to owners that
    // are gone or waiting for it in the foreground.
    private void AttemptToDeleteItem(GraphNode item)
    {
        if ((item.IsVirtual && _graph.Find(item.Identity.Uid) != item) || (item.BeingDeleted && !item.DeletingDependents))
        {
            return;
        }

        if (Resolve(item.Identity.ApiVersion, item.Identity.Kind) is not { } type)
        {
            return;
        }

        var latest = _store.TryGet(type, item.Identity.Namespace, item.Identity.Name);
        if (latest is null || Meta.Uid(latest) != item.Identity.Uid)
        {
            _graph.ProcessVirtualDelete(item);
            return;
        }

        if (item.DeletingDependents)
        {
            ProcessDeletingDependentsItem(item);
            return;
        }

        var owners = OwnerReference.Of(latest);
        if (owners.Count == 0 || ClassifyReferences(item, owners) is not { } references)
        {
            return;
        }

        if (references.Solid.Count > 0)
        {
            var unwanted = references.Dangling.Concat(references.WaitingForDependentsDeletion).Select(r => r.Uid).ToHashSet(StringComparer.Ordinal);
            if (unwanted.Count > 0)
            {
                Patch(type, item, obj => RemoveOwnerReferences(obj, unwanted));
            }

            return;
        }

        if (references.WaitingForDependentsDeletion.Count > 0 && item.Dependents.Count > 0)
        {
            // A possible cycle of foreground deletions: make this item's references non-blocking first.
            if (item.Dependents.Any(d => d.DeletingDependents))
            {
                Patch(type, item, UnblockOwnerReferences);
            }

            DeleteObject(type, item, latest, DeleteRequest.Foreground);
            return;
        }

        // No owner left: honour a propagation finalizer already on the item, else background.
        var finalizers = Meta.Finalizers(latest);
        var policy = finalizers.Contains(GarbageCollectionFinalizers.Orphan) ? DeleteRequest.Orphan
            : finalizers.Contains(GarbageCollectionFinalizers.Foreground) ? DeleteRequest.Foreground
            : DeleteRequest.Background;
        DeleteObject(type, item, latest, policy);
    }

    // processDeletingDependentsItem: the foreground owner goes once no dependent blocks it.
    private void ProcessDeletingDependentsItem(GraphNode item)
    {
        var blocking = item.BlockingDependents();
        if (blocking.Count == 0)
        {
            RemoveFinalizer(item, GarbageCollectionFinalizers.Foreground);
            return;
        }

        foreach (var dependent in blocking.Where(d => !d.DeletingDependents))
        {
            _attemptToDelete.Add(dependent);
        }
    }

    // attemptToOrphanWorker and orphanDependents: drop the owner from every dependent, then its orphan finalizer.
    private void AttemptToOrphan(GraphNode owner)
    {
        foreach (var dependent in owner.Dependents.ToList())
        {
            if (Resolve(dependent.Identity.ApiVersion, dependent.Identity.Kind) is { } type)
            {
                Patch(type, dependent, obj => RemoveOwnerReferences(obj, new HashSet<string>(StringComparer.Ordinal) { owner.Identity.Uid }));
            }
        }

        RemoveFinalizer(owner, GarbageCollectionFinalizers.Orphan);
    }

    // classifyReferences and isDangling: an owner is dangling when its coordinates find nothing or an object
    // with another uid. Null, and the item left alone, when an owner cannot be looked up: a kind not served
    // (the real collector retries that) or a namespaced owner of a cluster-scoped item (it gives up).
    private ClassifiedReferences? ClassifyReferences(GraphNode item, IReadOnlyList<OwnerReference> owners)
    {
        var references = new ClassifiedReferences([], [], []);
        foreach (var reference in owners)
        {
            if (Resolve(reference.ApiVersion, reference.Kind) is not { } type || (item.Identity.Namespace.Length == 0 && type.Namespaced))
            {
                return null;
            }

            var owner = _store.TryGet(type, item.Identity.Namespace, reference.Name);
            if (owner is null || Meta.Uid(owner) != reference.Uid)
            {
                references.Dangling.Add(reference);
            }
            else if (Meta.IsDeleting(owner) && Meta.Finalizers(owner).Contains(GarbageCollectionFinalizers.Foreground))
            {
                references.WaitingForDependentsDeletion.Add(reference);
            }
            else
            {
                references.Solid.Add(reference);
            }
        }

        return references;
    }

    // deleteObject: preconditions on uid and resourceVersion, so a changed item is looked at again.
    private void DeleteObject(ResourceType type, GraphNode item, JsonObject latest, string policy)
    {
        try
        {
            _store.Delete(type, item.Identity.Namespace, item.Identity.Name, new DeleteRequest
            {
                PropagationPolicy = policy,
                PreconditionUid = item.Identity.Uid,
                PreconditionResourceVersion = Meta.String(latest, "resourceVersion"),
            });
        }
        catch (KubeApiException e) when (e.Code == 404)
        {
            _graph.ProcessVirtualDelete(item);
        }
    }

    // removeFinalizer: a read-modify-write of the finalizers; an object already gone needs nothing.
    private void RemoveFinalizer(GraphNode node, string finalizer)
    {
        if (Resolve(node.Identity.ApiVersion, node.Identity.Kind) is { } type)
        {
            Patch(type, node, obj => Meta.SetFinalizers(obj, Meta.Finalizers(obj).Where(f => f != finalizer).ToList()));
        }
    }

    // The collector's patches carry the item's uid, so they never touch a namesake created since.
    private void Patch(ResourceType type, GraphNode node, Action<JsonObject> change)
    {
        try
        {
            _store.Update(type, node.Identity.Namespace, node.Identity.Name, obj =>
            {
                if (Meta.Uid(obj) != node.Identity.Uid)
                {
                    throw KubeApiException.NotFound(type.QualifiedResource, node.Identity.Name);
                }

                change(obj);
                return obj;
            }, UpdateMode.Full, WriteOptions.Default);
        }
        catch (KubeApiException e) when (e.Code == 404)
        {
            // Gone meanwhile: its deletion event tells the graph.
        }
    }

    private static void RemoveOwnerReferences(JsonObject obj, HashSet<string> uids)
    {
        var kept = Meta.OwnerReferences(obj).Where(r => !uids.Contains(r["uid"]?.GetValue<string>() ?? string.Empty)).Select(r => (JsonNode?)r.DeepClone()).ToArray();
        if (kept.Length == 0)
        {
            Meta.Of(obj).Remove("ownerReferences");
        }
        else
        {
            Meta.Of(obj)["ownerReferences"] = new JsonArray(kept);
        }
    }

    // unblockOwnerReferencesStrategicMergePatch (graph.go)
    private static void UnblockOwnerReferences(JsonObject obj)
    {
        foreach (var reference in Meta.OwnerReferences(obj).Where(r => r["blockOwnerDeletion"]?.GetValue<bool>() == true))
        {
            reference["blockOwnerDeletion"] = false;
        }
    }

    private ResourceType? Resolve(string apiVersion, string kind) => _store.Registry.FindKind(apiVersion, kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Garbage collector left {Kind} {Namespace}/{Name} alone: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string kind, string @namespace, string name, string reason);
}
