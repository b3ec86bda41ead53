using System.Reflection;
using k8s.Models;

namespace NasAssistant.Operator.Api.Schema;

/// <summary>
/// Schema attributes for the properties of the Kubernetes model types the API passes through to the
/// pods (tolerations, affinity), which cannot carry attributes of their own. Each entry is a check of
/// Kubernetes' pod validation that OpenAPI can express; the bounds on lists are this API's own, so that
/// the API server can afford the CEL rules beneath them (see <c>PodSchedulingRules</c>). The CRD
/// generator reads this table exactly as it reads the attributes on our own types (<see cref="SchemaAttributes"/>).
/// </summary>
internal static class KubernetesFieldSchema
{
    // Most node selector terms of a required node affinity, and most entries of every other list that
    // the CEL rules iterate or sit beneath.
    private const int MaxNodeSelectorTerms = 8;
    private const int MaxListItems = 16;

    private static readonly SchemaPatternAttribute QualifiedName = new(NamePatterns.QualifiedName);
    private static readonly SchemaLengthAttribute QualifiedNameLength = new(0, NamePatterns.QualifiedNameMaxLength);
    private static readonly SchemaItemsAttribute Bounded = new(0, MaxListItems);
    private static readonly SchemaRequiredAttribute Required = new();
    private static readonly SchemaRangeAttribute Weight = new(1, 100);
    private static readonly SchemaItemPatternAttribute LabelValues = new(NamePatterns.LabelValue);
    private static readonly SchemaItemLengthAttribute LabelValueLengths = new(0, NamePatterns.LabelValueMaxLength);

    private static readonly Dictionary<(Type Type, string Property), Attribute[]> Fields = new()
    {
        // ValidateTolerations (pkg/apis/core/validation/validation.go): a non-empty key is a label name, an
        // Equal toleration's value a label value; operator and effect may be empty (Equal, every effect).
        [Field<V1Toleration>(nameof(V1Toleration.Key))] = [new SchemaPatternAttribute(NamePatterns.QualifiedNameOrEmpty), QualifiedNameLength],
        [Field<V1Toleration>(nameof(V1Toleration.OperatorProperty))] = [new SchemaEnumAttribute("", "Equal", "Exists")],
        [Field<V1Toleration>(nameof(V1Toleration.Value))] = [new SchemaPatternAttribute(NamePatterns.LabelValue), new SchemaLengthAttribute(0, NamePatterns.LabelValueMaxLength)],
        [Field<V1Toleration>(nameof(V1Toleration.Effect))] = [new SchemaEnumAttribute("", "NoSchedule", "PreferNoSchedule", "NoExecute")],

        // validateNodeAffinity, ValidateNodeSelector, ValidatePreferredSchedulingTerms
        [Field<V1NodeAffinity>(nameof(V1NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution))] = [Bounded],
        [Field<V1NodeSelector>(nameof(V1NodeSelector.NodeSelectorTerms))] = [new SchemaItemsAttribute(0, MaxNodeSelectorTerms)],
        [Field<V1NodeSelectorTerm>(nameof(V1NodeSelectorTerm.MatchExpressions))] = [Bounded],
        [Field<V1NodeSelectorTerm>(nameof(V1NodeSelectorTerm.MatchFields))] = [Bounded],
        [Field<V1PreferredSchedulingTerm>(nameof(V1PreferredSchedulingTerm.Preference))] = [Required],
        [Field<V1PreferredSchedulingTerm>(nameof(V1PreferredSchedulingTerm.Weight))] = [Required, Weight],

        // ValidateNodeSelectorRequirement and ValidateNodeFieldSelectorRequirement. Values are label values or,
        // in matchFields, node names (DNS subdomains); which one depends on where the requirement sits, so
        // rules check the syntax and this table only bounds the length.
        [Field<V1NodeSelectorRequirement>(nameof(V1NodeSelectorRequirement.Key))] = [Required, QualifiedName, QualifiedNameLength],
        [Field<V1NodeSelectorRequirement>(nameof(V1NodeSelectorRequirement.OperatorProperty))] = [Required, new SchemaEnumAttribute("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")],
        [Field<V1NodeSelectorRequirement>(nameof(V1NodeSelectorRequirement.Values))] = [Bounded, new SchemaItemLengthAttribute(0, NamePatterns.Dns1123SubdomainMaxLength)],

        // validatePodAffinity, validatePodAntiAffinity, validateWeightedPodAffinityTerms
        [Field<V1PodAffinity>(nameof(V1PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution))] = [Bounded],
        [Field<V1PodAffinity>(nameof(V1PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution))] = [Bounded],
        [Field<V1PodAntiAffinity>(nameof(V1PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution))] = [Bounded],
        [Field<V1PodAntiAffinity>(nameof(V1PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution))] = [Bounded],
        [Field<V1WeightedPodAffinityTerm>(nameof(V1WeightedPodAffinityTerm.PodAffinityTerm))] = [Required],
        [Field<V1WeightedPodAffinityTerm>(nameof(V1WeightedPodAffinityTerm.Weight))] = [Required, Weight],

        // validatePodAffinityTerm, validateMatchLabelKeysAndMismatchLabelKeys
        [Field<V1PodAffinityTerm>(nameof(V1PodAffinityTerm.TopologyKey))] = [Required, QualifiedName, QualifiedNameLength],
        [Field<V1PodAffinityTerm>(nameof(V1PodAffinityTerm.Namespaces))] = [new SchemaItemPatternAttribute(NamePatterns.NamespaceName), LabelValueLengths],
        [Field<V1PodAffinityTerm>(nameof(V1PodAffinityTerm.MatchLabelKeys))] = [Bounded, new SchemaItemPatternAttribute(NamePatterns.QualifiedName), new SchemaItemLengthAttribute(0, NamePatterns.QualifiedNameMaxLength)],
        [Field<V1PodAffinityTerm>(nameof(V1PodAffinityTerm.MismatchLabelKeys))] = [Bounded, new SchemaItemPatternAttribute(NamePatterns.QualifiedName), new SchemaItemLengthAttribute(0, NamePatterns.QualifiedNameMaxLength)],

        // ValidateLabelSelector, ValidateLabelSelectorRequirement (apimachinery/pkg/apis/meta/v1/validation):
        // values are label values, as a new pod template's selectors must have them. Keys of matchLabels
        // are checked by the operator only: CEL cannot afford a regular expression on map keys.
        [Field<V1LabelSelector>(nameof(V1LabelSelector.MatchLabels))] = [LabelValues, LabelValueLengths],
        [Field<V1LabelSelector>(nameof(V1LabelSelector.MatchExpressions))] = [Bounded],
        [Field<V1LabelSelectorRequirement>(nameof(V1LabelSelectorRequirement.Key))] = [Required, QualifiedName, QualifiedNameLength],
        [Field<V1LabelSelectorRequirement>(nameof(V1LabelSelectorRequirement.OperatorProperty))] = [Required, new SchemaEnumAttribute("In", "NotIn", "Exists", "DoesNotExist")],
        [Field<V1LabelSelectorRequirement>(nameof(V1LabelSelectorRequirement.Values))] = [LabelValues, LabelValueLengths],
    };

    /// <summary>The attributes this table gives a property of a Kubernetes type; none for any other property.</summary>
    public static IReadOnlyList<Attribute> For(PropertyInfo property) =>
        Fields.TryGetValue((property.DeclaringType!, property.Name), out var attributes) ? attributes : [];

    private static (Type, string) Field<T>(string property) => (typeof(T), property);
}
