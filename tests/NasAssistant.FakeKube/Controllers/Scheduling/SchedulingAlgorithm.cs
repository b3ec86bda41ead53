namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// One scheduling attempt (schedulePod, pkg/scheduler/schedule_one.go) with the filters of the default
/// profile that decide placement here: NodeUnschedulable, TaintToleration, NodeAffinity,
/// VolumeRestrictions, VolumeBinding and InterPodAffinity, in that order. Resources, ports and topology
/// spread are not checked. Scoring is reduced to spreading: the feasible node with the fewest pods wins.
/// </summary>
internal static class SchedulingAlgorithm
{
    /// <summary>ErrReasonPod of the NodeAffinity plugin.</summary>
    public const string NodeAffinityMismatch = "node(s) didn't match Pod's node affinity/selector";

    /// <summary>The node for the pod, or null and the FitError message.</summary>
    public static (string? Node, string? Message) Schedule(PodView pod, SchedulingSnapshot snapshot)
    {
        if (snapshot.Nodes.Count == 0)
        {
            return (null, FitError.NoNodes);
        }

        var volumes = PodVolumes.PreFilter(pod, snapshot);
        if (volumes.Rejection is { } rejection)
        {
            return (null, FitError.ForPreFilter(snapshot.Nodes.Count, rejection));
        }

        var rejections = new List<NodeRejection>();
        var feasible = new List<NodeView>();
        foreach (var node in snapshot.Nodes)
        {
            var why = volumes.EligibleNode is { } eligible && eligible != node.Name
                ? new NodeRejection(PodVolumes.NotEligible)
                : Filter(pod, node, volumes, snapshot);
            if (why is null)
            {
                feasible.Add(node);
            }
            else
            {
                rejections.Add(why);
            }
        }

        if (feasible.Count == 0)
        {
            return (null, FitError.ForFilters(rejections));
        }

        var best = feasible.OrderBy(snapshot.PodCount).ThenBy(n => n.Name, StringComparer.Ordinal).First();
        return (best.Name, null);
    }

    // RunFilterPlugins: the first plugin to turn the node down decides.
    private static NodeRejection? Filter(PodView pod, NodeView node, PodVolumes volumes, SchedulingSnapshot snapshot) =>
        TaintToleration.FilterUnschedulable(pod.Spec, node)
        ?? TaintToleration.Filter(pod.Spec, node)
        ?? (NodeSelectors.MatchesRequired(pod.Spec, node) ? null : new NodeRejection(NodeAffinityMismatch))
        ?? volumes.FilterRestrictions()
        ?? volumes.FilterBinding(node)
        ?? InterPodAffinity.Filter(pod, node, snapshot);
}
