using NasAssistant.FakeKube.Controllers.Volumes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// The cluster as one scheduling attempt sees it (the scheduler cache's snapshot): nodes, the pods
/// bound to them, and claims and namespaces as they are looked up.
/// </summary>
internal sealed class SchedulingSnapshot
{
    private readonly ResourceStore _store;
    private readonly Dictionary<string, ClaimView?> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _namespaceLabels = new(StringComparer.Ordinal);

    public SchedulingSnapshot(ResourceStore store, StorageClasses classes)
    {
        _store = store;
        Classes = classes;
        Nodes = store.List("v1", "Node").Select(n => new NodeView(n)).ToList();
        var byName = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);

        // The scheduler's informer leaves finished pods out; terminating ones still occupy their node.
        AssignedPods = store.List("v1", "Pod")
            .Select(p => new PodView(p))
            .Where(p => p.Phase is not ("Succeeded" or "Failed") && p.NodeName is { } node && byName.ContainsKey(node))
            .Select(p => (p, byName[p.NodeName!]))
            .ToList();
    }

    public IReadOnlyList<NodeView> Nodes { get; }

    public IReadOnlyList<(PodView Pod, NodeView Node)> AssignedPods { get; }

    public StorageClasses Classes { get; }

    public ClaimView? Claim(string ns, string name)
    {
        var key = $"{ns}/{name}";
        if (!_claims.TryGetValue(key, out var claim))
        {
            claim = _store.Get("v1", "PersistentVolumeClaim", ns, name) is { } json ? new ClaimView(json) : null;
            _claims[key] = claim;
        }

        return claim;
    }

    public IReadOnlyDictionary<string, string> NamespaceLabels(string ns)
    {
        if (!_namespaceLabels.TryGetValue(ns, out var labels))
        {
            labels = _store.Get("v1", "Namespace", null, ns) is { } json ? Meta.Labels(json) : new Dictionary<string, string>();
            _namespaceLabels[ns] = labels;
        }

        return labels;
    }

    public int PodCount(NodeView node) => AssignedPods.Count(a => a.Node == node);
}
