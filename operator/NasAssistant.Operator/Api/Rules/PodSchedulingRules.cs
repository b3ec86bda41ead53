using k8s.Models;

namespace NasAssistant.Operator.Api.Rules;

/// <summary>
/// The cross-field checks of Kubernetes' pod validation for the scheduling fields the API passes through
/// to the pods (tolerations, affinity), as CEL rules with their C# twins. The messages are Kubernetes'
/// own. Each rule guards optional and required fields with <c>has()</c>: a missing required field is
/// already reported by the schema, and a rule must not add an evaluation error beside it.
/// </summary>
internal static class PodSchedulingRules
{
    // Kubernetes' message for a qualified name whose prefix is too long (IsQualifiedName).
    private const string PrefixTooLong = "prefix part must be no more than 253 bytes";

    // Either a prefix of at most 253 characters and '/', or no '/' at all: the part of IsQualifiedName a
    // schema pattern cannot express (its own pattern checks the syntax and the name part's length).
    private const string ShortPrefix = "^([^/]{0,253}/|[^/]*$)";
    private const string LabelValue = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
    private const string Subdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    public static IReadOnlyList<CrossFieldRule> All { get; } =
    [
        // ValidateTolerations (pkg/apis/core/validation/validation.go)
        CrossFieldRule.For<V1Toleration>(
            "(has(self.key) && self.key != '') || (has(self.operator) && self.operator == 'Exists')",
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ".operator",
            t => !string.IsNullOrEmpty(t.Key) || t.OperatorProperty == "Exists"),
        CrossFieldRule.For<V1Toleration>(
            "!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')",
            "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ".effect",
            t => t.TolerationSeconds is null || t.Effect == "NoExecute"),
        CrossFieldRule.For<V1Toleration>(
            "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
            "value must be empty when `operator` is 'Exists'",
            ".operator",
            t => t.OperatorProperty != "Exists" || string.IsNullOrEmpty(t.Value)),
        PrefixRule<V1Toleration>("key", t => t.Key),

        // ValidateNodeSelector
        CrossFieldRule.For<V1NodeSelector>(
            "has(self.nodeSelectorTerms) && size(self.nodeSelectorTerms) > 0",
            "must have at least one node selector term",
            ".nodeSelectorTerms",
            s => s.NodeSelectorTerms is { Count: > 0 }) with { Reason = CrossFieldRule.RequiredReason },

        // ValidateNodeSelectorRequirement, in a required term (allowInvalidLabelValueInRequiredNodeAffinity
        // is false for a new pod template); preferred terms may hold any value.
        CrossFieldRule.ForItemsOf<V1NodeSelector, V1NodeSelectorTerm>(
            nameof(V1NodeSelector.NodeSelectorTerms),
            "!has(self.matchExpressions) || self.matchExpressions.all(e, !has(e.values) || e.values.all(v, size(v) <= 63 && v.matches('" + LabelValue + "')))",
            "values must be valid label values: no more than 63 bytes, and a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            ".matchExpressions",
            term => term.MatchExpressions is null || term.MatchExpressions.All(e => e.Values is null || e.Values.All(v => v.Length <= 63 && KubernetesNames.FullMatch(v, LabelValue)))),

        // ValidateNodeSelectorRequirement, for matchExpressions in required and preferred terms alike
        ForMatchExpressions(
            "!has(self.operator) || !(self.operator in ['In', 'NotIn']) || (has(self.values) && size(self.values) > 0)",
            "must be specified when `operator` is 'In' or 'NotIn'",
            r => r.OperatorProperty is not ("In" or "NotIn") || r.Values is { Count: > 0 }) with { Reason = CrossFieldRule.RequiredReason },
        ForMatchExpressions(
            "!has(self.operator) || !(self.operator in ['Exists', 'DoesNotExist']) || !has(self.values) || size(self.values) == 0",
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            r => r.OperatorProperty is not ("Exists" or "DoesNotExist") || r.Values is null or { Count: 0 }) with { Reason = CrossFieldRule.ForbiddenReason },
        ForMatchExpressions(
            "!has(self.operator) || !(self.operator in ['Gt', 'Lt']) || (has(self.values) && size(self.values) == 1)",
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
            r => r.OperatorProperty is not ("Gt" or "Lt") || r.Values is { Count: 1 }) with { Reason = CrossFieldRule.RequiredReason },
        PrefixRule<V1NodeSelectorRequirement>("key", r => r.Key),

        // ValidateNodeFieldSelectorRequirement: matchFields select by node name only. Each value is a node
        // name (ValidateNodeName); only one is allowed, so the rule reads that one.
        ForMatchFields(
            "!has(self.operator) || self.operator in ['In', 'NotIn']",
            "not a valid selector operator",
            ".operator",
            r => r.OperatorProperty is null or "In" or "NotIn"),
        ForMatchFields(
            "!has(self.operator) || !(self.operator in ['In', 'NotIn']) || (has(self.values) && size(self.values) == 1)",
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
            ".values",
            r => r.OperatorProperty is not ("In" or "NotIn") || r.Values is { Count: 1 }) with { Reason = CrossFieldRule.RequiredReason },
        ForMatchFields(
            "!has(self.key) || self.key == 'metadata.name'",
            "not a valid field selector key",
            ".key",
            r => r.Key is null or "metadata.name"),
        ForMatchFields(
            "!has(self.key) || self.key != 'metadata.name' || !has(self.values) || size(self.values) != 1 || self.values[0].matches('" + Subdomain + "')",
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ".values",
            r => r.Key != "metadata.name" || r.Values is not { Count: 1 } || KubernetesNames.FullMatch(r.Values[0], Subdomain)),

        // validatePodAffinityTerm and validateMatchLabelKeysAndMismatchLabelKeys
        PrefixRule<V1PodAffinityTerm>("topologyKey", t => t.TopologyKey),
        PrefixesRule<V1PodAffinityTerm>("matchLabelKeys", t => t.MatchLabelKeys),
        PrefixesRule<V1PodAffinityTerm>("mismatchLabelKeys", t => t.MismatchLabelKeys),
        CrossFieldRule.For<V1PodAffinityTerm>(
            "!has(self.matchLabelKeys) || size(self.matchLabelKeys) == 0 || has(self.labelSelector)",
            "must not be specified when labelSelector is not set",
            ".matchLabelKeys",
            t => t.MatchLabelKeys is null or { Count: 0 } || t.LabelSelector is not null) with { Reason = CrossFieldRule.ForbiddenReason },
        CrossFieldRule.For<V1PodAffinityTerm>(
            "!has(self.mismatchLabelKeys) || size(self.mismatchLabelKeys) == 0 || has(self.labelSelector)",
            "must not be specified when labelSelector is not set",
            ".mismatchLabelKeys",
            t => t.MismatchLabelKeys is null or { Count: 0 } || t.LabelSelector is not null) with { Reason = CrossFieldRule.ForbiddenReason },
        CrossFieldRule.For<V1PodAffinityTerm>(
            "!has(self.matchLabelKeys) || !has(self.mismatchLabelKeys) || self.matchLabelKeys.all(k, !(k in self.mismatchLabelKeys))",
            "exists in both matchLabelKeys and mismatchLabelKeys",
            ".matchLabelKeys",
            t => t.MatchLabelKeys is null || t.MismatchLabelKeys is null || !t.MatchLabelKeys.Any(t.MismatchLabelKeys.Contains)),
        // Kubernetes walks the selector's expressions and refuses one whose key is in matchLabelKeys and
        // already seen (in matchLabels or an earlier expression): a key used twice, or in both places.
        CrossFieldRule.For<V1PodAffinityTerm>(
            "!has(self.matchLabelKeys) || !has(self.labelSelector) || !has(self.labelSelector.matchExpressions) || self.matchLabelKeys.all(k, "
                + "!self.labelSelector.matchExpressions.exists(e, e.key == k) || (self.labelSelector.matchExpressions.exists_one(e, e.key == k) "
                + "&& !(has(self.labelSelector.matchLabels) && k in self.labelSelector.matchLabels)))",
            "exists in both matchLabelKeys and labelSelector",
            ".matchLabelKeys",
            t => t.MatchLabelKeys is null || t.LabelSelector?.MatchExpressions is not { } expressions || t.MatchLabelKeys.All(key =>
                expressions.Count(e => e.Key == key) is var uses && (uses == 0 || (uses == 1 && t.LabelSelector.MatchLabels?.ContainsKey(key) != true)))),

        // ValidateLabelSelectorRequirement (apimachinery/pkg/apis/meta/v1/validation/validation.go)
        CrossFieldRule.For<V1LabelSelectorRequirement>(
            "!has(self.operator) || !(self.operator in ['In', 'NotIn']) || (has(self.values) && size(self.values) > 0)",
            "must be specified when `operator` is 'In' or 'NotIn'",
            ".values",
            r => r.OperatorProperty is not ("In" or "NotIn") || r.Values is { Count: > 0 }) with { Reason = CrossFieldRule.RequiredReason },
        CrossFieldRule.For<V1LabelSelectorRequirement>(
            "!has(self.operator) || !(self.operator in ['Exists', 'DoesNotExist']) || !has(self.values) || size(self.values) == 0",
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ".values",
            r => r.OperatorProperty is not ("Exists" or "DoesNotExist") || r.Values is null or { Count: 0 }) with { Reason = CrossFieldRule.ForbiddenReason },
        PrefixRule<V1LabelSelectorRequirement>("key", r => r.Key),
    ];

    // Whether a qualified name's prefix, if it has one, is at most 253 characters (IsQualifiedName).
    private static bool PrefixFits(string? name) => name is null || name.IndexOf('/', StringComparison.Ordinal) <= 253;

    private static CrossFieldRule ForMatchExpressions(string expression, string message, Func<V1NodeSelectorRequirement, bool> holds) =>
        CrossFieldRule.ForItemsOf<V1NodeSelectorTerm, V1NodeSelectorRequirement>(nameof(V1NodeSelectorTerm.MatchExpressions), expression, message, ".values", holds);

    private static CrossFieldRule ForMatchFields(string expression, string message, string fieldPath, Func<V1NodeSelectorRequirement, bool> holds) =>
        CrossFieldRule.ForItemsOf<V1NodeSelectorTerm, V1NodeSelectorRequirement>(nameof(V1NodeSelectorTerm.MatchFields), expression, message, fieldPath, holds);

    private static CrossFieldRule PrefixRule<T>(string field, Func<T, string?> name)
        where T : class =>
        CrossFieldRule.For<T>($"!has(self.{field}) || self.{field}.matches('{ShortPrefix}')", PrefixTooLong, "." + field, value => PrefixFits(name(value)));

    private static CrossFieldRule PrefixesRule<T>(string field, Func<T, IList<string>?> names)
        where T : class =>
        CrossFieldRule.For<T>($"!has(self.{field}) || self.{field}.all(k, k.matches('{ShortPrefix}'))", PrefixTooLong, "." + field, value => names(value)?.All(PrefixFits) != false);
}
