namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>The InterPodAffinity filter (pkg/scheduler/framework/plugins/interpodaffinity/filtering.go), required terms only.</summary>
internal static class InterPodAffinity
{
    public const string AffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string AntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
    public const string ExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

    public static NodeRejection? Filter(PodView pod, NodeView node, SchedulingSnapshot snapshot)
    {
        if (!SatisfiesAffinity(pod, node, snapshot))
        {
            return new NodeRejection(AffinityRulesNotMatch);
        }

        // Evicting the pods in the way could help with anti-affinity: these are Unschedulable, not Unresolvable.
        if (!SatisfiesAntiAffinity(pod, node, snapshot))
        {
            return new NodeRejection(AntiAffinityRulesNotMatch, PreemptionMayHelp: true);
        }

        return SatisfiesExistingPodsAntiAffinity(pod, node, snapshot) ? null : new NodeRejection(ExistingAntiAffinityRulesNotMatch, PreemptionMayHelp: true);
    }

    // satisfyPodAffinity: the node has every term's topology label, and in each such topology domain a
    // pod matching all terms runs. The first of a group of pods with affinity to each other may go
    // anywhere with the labels, provided no pod matches yet and it matches its own terms.
    private static bool SatisfiesAffinity(PodView pod, NodeView node, SchedulingSnapshot snapshot)
    {
        var terms = AffinityTerm.Of(pod, "podAffinity");
        if (terms.Count == 0)
        {
            return true;
        }

        if (terms.Any(t => !node.Labels.ContainsKey(t.TopologyKey)))
        {
            return false;
        }

        var matching = snapshot.AssignedPods.Where(a => terms.All(t => t.Matches(a.Pod, snapshot.NamespaceLabels))).ToList();
        var podsExist = terms.All(t => matching.Any(a => SameDomain(a.Node, node, t.TopologyKey)));
        if (podsExist)
        {
            return true;
        }

        var anyCounted = matching.Any(a => terms.Any(t => a.Node.Labels.ContainsKey(t.TopologyKey)));
        return !anyCounted && terms.All(t => t.Matches(pod, snapshot.NamespaceLabels));
    }

    // satisfyPodAntiAffinity: no pod matching one of its anti-affinity terms in the node's domain of that term.
    private static bool SatisfiesAntiAffinity(PodView pod, NodeView node, SchedulingSnapshot snapshot) =>
        !AffinityTerm.Of(pod, "podAntiAffinity").Any(t =>
            node.Labels.ContainsKey(t.TopologyKey)
            && snapshot.AssignedPods.Any(a => SameDomain(a.Node, node, t.TopologyKey) && t.Matches(a.Pod, snapshot.NamespaceLabels)));

    // satisfyExistingPodsAntiAffinity: no running pod whose anti-affinity terms match this pod in the node's domain.
    private static bool SatisfiesExistingPodsAntiAffinity(PodView pod, NodeView node, SchedulingSnapshot snapshot) =>
        !snapshot.AssignedPods.Any(a => AffinityTerm.Of(a.Pod, "podAntiAffinity").Any(t =>
            SameDomain(a.Node, node, t.TopologyKey) && t.Matches(pod, snapshot.NamespaceLabels)));

    private static bool SameDomain(NodeView a, NodeView b, string topologyKey) =>
        a.Labels.TryGetValue(topologyKey, out var value) && b.Labels.TryGetValue(topologyKey, out var other) && value == other;
}
