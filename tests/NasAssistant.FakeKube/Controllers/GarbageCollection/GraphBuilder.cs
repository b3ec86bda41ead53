using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers.GarbageCollection;

/// <summary>
/// Keeps the collector's dependency graph (uid → node, owners ↔ dependents) from the store's change feed
/// and decides which nodes the collector must look at, as GraphBuilder.processGraphChanges does
/// (pkg/controller/garbagecollector/graph_builder.go).
/// </summary>
internal sealed class GraphBuilder(UniqueQueue<GraphNode> attemptToDelete, UniqueQueue<GraphNode> attemptToOrphan)
{
    private readonly Dictionary<string, GraphNode> _uidToNode = new(StringComparer.Ordinal);

    public GraphNode? Find(string uid) => _uidToNode.GetValueOrDefault(uid);

    /// <summary>processGraphChanges for an event from the change feed.</summary>
    public void Process(WatchEvent change)
    {
        var obj = change.Object;
        var identity = new ObjectIdentity(change.Resource.PreferredApiVersion, change.Resource.Kind, Meta.Namespace(obj), Meta.Name(obj), Meta.Uid(obj));
        var existing = Find(identity.Uid);
        if (existing is { IsVirtual: true })
        {
            Observe(existing, identity);
        }

        if (change.Type == WatchEvent.Deleted)
        {
            if (existing is not null)
            {
                RemoveNode(existing);
            }

            return;
        }

        if (existing is null)
        {
            var node = new GraphNode(identity, isVirtual: false)
            {
                Owners = OwnerReference.Of(obj),
                BeingDeleted = Meta.IsDeleting(obj),
                DeletingDependents = Meta.IsDeleting(obj) && Meta.Finalizers(obj).Contains(GarbageCollectionFinalizers.Foreground),
            };
            _uidToNode[identity.Uid] = node;
            AddDependentToOwners(node, node.Owners);
            ProcessTransitions(change.Previous, obj, node);
            return;
        }

        UpdateOwners(existing, OwnerReference.Of(obj));
        existing.BeingDeleted |= Meta.IsDeleting(obj);
        ProcessTransitions(change.Previous, obj, existing);
    }

    /// <summary>
    /// The collector found no object (or another uid) where a node should be: the virtual delete event of
    /// enqueueVirtualDeleteEvent. Dependents are looked at again, each checking its owners by its own coordinates.
    /// </summary>
    public void ProcessVirtualDelete(GraphNode node)
    {
        if (Find(node.Identity.Uid) != node)
        {
            return;
        }

        RemoveNode(node);
    }

    // A virtual node observed at last: dependents that named it by other coordinates are checked again.
    private void Observe(GraphNode node, ObjectIdentity observed)
    {
        if (observed != node.Identity)
        {
            foreach (var dependent in node.Dependents.Where(d => !Refers(d, observed)))
            {
                attemptToDelete.Add(dependent);
            }

            node.Identity = observed;
        }

        node.MarkObserved();
    }

    private static bool Refers(GraphNode dependent, ObjectIdentity owner) =>
        (owner.Namespace.Length == 0 || dependent.Identity.Namespace == owner.Namespace)
        && dependent.Owners.Where(o => o.Uid == owner.Uid).All(o => o.Matches(owner));

    // The owners part of processGraphChanges' update case (referencesDiffs and what follows).
    private void UpdateOwners(GraphNode node, IReadOnlyList<OwnerReference> owners)
    {
        var before = node.Owners.GroupBy(o => o.Uid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var added = owners.Where(o => !before.ContainsKey(o.Uid)).ToList();
        var changed = owners.Where(o => before.TryGetValue(o.Uid, out var old) && old != o).Select(o => (Old: before[o.Uid], New: o)).ToList();
        var removed = node.Owners.Where(o => owners.All(n => n.Uid != o.Uid)).ToList();
        if (added.Count == 0 && removed.Count == 0 && changed.Count == 0)
        {
            return;
        }

        AddUnblockedOwnersToDeleteQueue(removed, changed);
        node.Owners = owners;
        AddDependentToOwners(node, added);
        foreach (var owner in removed)
        {
            Find(owner.Uid)?.Dependents.Remove(node);
        }
    }

    // addUnblockedOwnersToDeleteQueue: an owner waiting in the foreground may be free to go now.
    private void AddUnblockedOwnersToDeleteQueue(List<OwnerReference> removed, List<(OwnerReference Old, OwnerReference New)> changed)
    {
        var unblocked = removed.Where(r => r.Blocks).Concat(changed.Where(c => c.Old.Blocks && !c.New.Blocks).Select(c => c.New));
        foreach (var reference in unblocked)
        {
            if (Find(reference.Uid) is { } owner)
            {
                attemptToDelete.Add(owner);
            }
        }
    }

    // addDependentToOwners: an owner not in the graph yet becomes a virtual node the collector verifies;
    // a reference whose coordinates disagree with the owner's sends the dependent to be verified.
    private void AddDependentToOwners(GraphNode node, IReadOnlyList<OwnerReference> owners)
    {
        var potentiallyInvalid = false;
        foreach (var reference in owners)
        {
            if (Find(reference.Uid) is not { } owner)
            {
                owner = new GraphNode(new ObjectIdentity(reference.ApiVersion, reference.Kind, node.Identity.Namespace, reference.Name, reference.Uid), isVirtual: true);
                _uidToNode[reference.Uid] = owner;
                owner.Dependents.Add(node);
                attemptToDelete.Add(owner);
                continue;
            }

            owner.Dependents.Add(node);
            var ownerIsNamespaced = owner.Identity.Namespace.Length > 0;
            potentiallyInvalid |= (ownerIsNamespaced && owner.Identity.Namespace != node.Identity.Namespace)
                || !reference.Matches(owner.Identity)
                || (!ownerIsNamespaced && owner.Identity.Namespace != node.Identity.Namespace && owner.IsVirtual);
        }

        if (potentiallyInvalid)
        {
            attemptToDelete.Add(node);
        }
    }

    // processTransitions: the orphan and foregroundDeletion finalizers start the collector's work.
    private void ProcessTransitions(JsonObject? previous, JsonObject current, GraphNode node)
    {
        if (DeletionStartsWithFinalizer(previous, current, GarbageCollectionFinalizers.Orphan))
        {
            attemptToOrphan.Add(node);
            return;
        }

        if (DeletionStartsWithFinalizer(previous, current, GarbageCollectionFinalizers.Foreground))
        {
            node.DeletingDependents = true;
            foreach (var dependent in node.Dependents)
            {
                attemptToDelete.Add(dependent);
            }

            attemptToDelete.Add(node);
        }
    }

    private static bool DeletionStartsWithFinalizer(JsonObject? previous, JsonObject current, string finalizer) =>
        HasDeletionFinalizer(current, finalizer) && (previous is null || !HasDeletionFinalizer(previous, finalizer));

    private static bool HasDeletionFinalizer(JsonObject obj, string finalizer) =>
        Meta.IsDeleting(obj) && Meta.Finalizers(obj).Contains(finalizer);

    // The delete case of processGraphChanges: dependents are checked, owners waiting on them too.
    private void RemoveNode(GraphNode node)
    {
        _uidToNode.Remove(node.Identity.Uid);
        foreach (var owner in node.Owners)
        {
            Find(owner.Uid)?.Dependents.Remove(node);
        }

        foreach (var dependent in node.Dependents)
        {
            attemptToDelete.Add(dependent);
        }

        foreach (var owner in node.Owners.Select(o => Find(o.Uid)).OfType<GraphNode>().Where(o => o.DeletingDependents))
        {
            attemptToDelete.Add(owner);
        }
    }
}
