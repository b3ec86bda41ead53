using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// Matching nodes against a pod's placement rules: nodeSelector, NodeSelectorTerms
/// (k8s.io/component-helpers/scheduling/corev1/nodeaffinity) and a StorageClass's TopologySelectorTerms
/// (MatchTopologySelectorTerms, pkg/apis/core/v1/helper).
/// </summary>
internal static class NodeSelectors
{
    /// <summary>GetRequiredNodeAffinity(pod).Match: the nodeSelector and the required node affinity both hold.</summary>
    public static bool MatchesRequired(JsonObject podSpec, NodeView node)
    {
        var selector = podSpec["nodeSelector"] as JsonObject ?? [];
        if (selector.Any(p => !node.Labels.TryGetValue(p.Key, out var value) || value != JsonRead.OptionalText(p.Value)))
        {
            return false;
        }

        return podSpec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"] is not JsonObject required
            || MatchesTerms(required["nodeSelectorTerms"], node);
    }

    /// <summary>
    /// NodeSelectorTerms are ORed; within a term every expression and field must hold. A term with
    /// neither matches nothing, and a term that does not parse is skipped.
    /// </summary>
    public static bool MatchesTerms(JsonNode? terms, NodeView node) =>
        JsonRead.Objects(terms).Any(term =>
        {
            var expressions = JsonRead.Objects(term["matchExpressions"]).ToList();
            var fields = JsonRead.Objects(term["matchFields"]).ToList();
            return (expressions.Count > 0 || fields.Count > 0)
                && expressions.All(e => MatchesLabel(e, node.Labels))
                && fields.All(f => MatchesField(f, node));
        });

    /// <summary>A StorageClass's allowedTopologies: no terms allow every node; otherwise one term must match.</summary>
    public static bool MatchesTopology(JsonNode? terms, NodeView node)
    {
        var all = JsonRead.Objects(terms).ToList();
        return all.Count == 0 || all.Any(term =>
        {
            var expressions = JsonRead.Objects(term["matchLabelExpressions"]).ToList();
            return expressions.Count > 0 && expressions.All(e =>
                node.Labels.TryGetValue(JsonRead.OptionalText(e["key"]) ?? string.Empty, out var value) && JsonRead.Strings(e["values"]).Contains(value));
        });
    }

    // NodeSelectorRequirementsAsSelector: In and NotIn test membership (NotIn and DoesNotExist also hold
    // for a missing label); Gt and Lt compare one integer value.
    private static bool MatchesLabel(JsonObject requirement, IReadOnlyDictionary<string, string> labels)
    {
        var key = JsonRead.OptionalText(requirement["key"]) ?? string.Empty;
        var values = JsonRead.Strings(requirement["values"]).ToList();
        var present = labels.TryGetValue(key, out var label);
        return JsonRead.OptionalText(requirement["operator"]) switch
        {
            "In" => present && values.Contains(label!),
            "NotIn" => !present || !values.Contains(label!),
            "Exists" => present,
            "DoesNotExist" => !present,
            "Gt" => present && Compare(label!, values) is > 0,
            "Lt" => present && Compare(label!, values) is < 0,
            _ => false,
        };
    }

    // Only metadata.name is a supported field, with In and NotIn.
    private static bool MatchesField(JsonObject requirement, NodeView node)
    {
        var values = JsonRead.Strings(requirement["values"]).ToList();
        return JsonRead.OptionalText(requirement["key"]) == "metadata.name" && JsonRead.OptionalText(requirement["operator"]) switch
        {
            "In" => values.Contains(node.Name),
            "NotIn" => !values.Contains(node.Name),
            _ => false,
        };
    }

    private static int? Compare(string label, List<string> values) =>
        values.Count == 1
        && long.TryParse(label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
