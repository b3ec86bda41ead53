namespace NasAssistant.FakeKube.Controllers.GarbageCollection;

/// <summary>
/// One object in the collector's dependency graph (garbagecollector/graph.go's node). A virtual node
/// stands for an owner that some dependent names but that no event has shown yet.
/// </summary>
internal sealed class GraphNode(ObjectIdentity identity, bool isVirtual)
{
    public ObjectIdentity Identity { get; set; } = identity;

    public bool IsVirtual { get; private set; } = isVirtual;

    public IReadOnlyList<OwnerReference> Owners { get; set; } = [];

    public HashSet<GraphNode> Dependents { get; } = [];

    public bool BeingDeleted { get; set; }

    /// <summary>Deleted in the foreground: waiting for its blocking dependents to go.</summary>
    public bool DeletingDependents { get; set; }

    public void MarkObserved() => IsVirtual = false;

    /// <summary>blockingDependents (graph.go): dependents whose reference to this node has blockOwnerDeletion.</summary>
    public IReadOnlyList<GraphNode> BlockingDependents() =>
        Dependents.Where(d => d.Owners.Any(o => o.Uid == Identity.Uid && o.Blocks)).ToList();
}
