using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Selectors;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// A required pod (anti-)affinity term of a pod, resolved as newAffinityTerm (pkg/scheduler/framework/types.go)
/// does: without namespaces or a namespaceSelector it covers the pod's own namespace; a missing selector
/// matches nothing, an empty one everything.
/// </summary>
internal sealed class AffinityTerm
{
    private readonly HashSet<string> _namespaces;
    private readonly LabelSelector? _namespaceSelector;
    private readonly LabelSelector? _selector;

    private AffinityTerm(JsonObject term, string podNamespace)
    {
        TopologyKey = JsonRead.OptionalText(term["topologyKey"]) ?? string.Empty;
        _selector = Selector(term["labelSelector"]);
        _namespaceSelector = Selector(term["namespaceSelector"]);
        var namespaces = JsonRead.Strings(term["namespaces"]).ToHashSet(StringComparer.Ordinal);
        _namespaces = namespaces.Count == 0 && _namespaceSelector is null ? new HashSet<string>([podNamespace], StringComparer.Ordinal) : namespaces;
    }

    public string TopologyKey { get; }

    /// <summary>The pod's required affinity terms (<paramref name="kind"/> podAffinity) or anti-affinity terms (podAntiAffinity).</summary>
    public static IReadOnlyList<AffinityTerm> Of(PodView pod, string kind) =>
        JsonRead.Objects(pod.Spec["affinity"]?[kind]?["requiredDuringSchedulingIgnoredDuringExecution"])
            .Select(t => new AffinityTerm(t, pod.Namespace))
            .ToList();

    /// <summary>AffinityTerm.Matches: the pod is in one of the term's namespaces and has matching labels.</summary>
    public bool Matches(PodView pod, Func<string, IReadOnlyDictionary<string, string>> namespaceLabels) =>
        (_namespaces.Contains(pod.Namespace) || _namespaceSelector?.Matches(namespaceLabels(pod.Namespace)) == true)
        && _selector?.Matches(pod.Labels) == true;

    private static LabelSelector? Selector(JsonNode? selector) =>
        selector is JsonObject json ? LabelSelector.Parse(LabelSelector.Format(json)) : null;
}
