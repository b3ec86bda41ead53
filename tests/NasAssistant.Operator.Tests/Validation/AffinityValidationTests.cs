namespace NasAssistant.Operator.Tests.Validation;

/// <summary>
/// spec.affinity is checked as Kubernetes checks a pod's (validateAffinity and the functions beneath it,
/// ValidateLabelSelector); cases follow TestValidateAffinity and the affinity cases of TestValidatePod in
/// pkg/apis/core/validation/validation_test.go.
/// </summary>
public sealed class AffinityValidationTests
{
    private const string NodeRequired = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";
    private const string NodePreferred = "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution";
    private const string PodRequired = "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution";
    private const string AntiPreferred = "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution";
    private const string Selector = "labelSelector: {matchExpressions: [{key: key2, operator: NotIn, values: [value1, value2]}]}";

    public static TheoryData<string> Accepted() => new()
    {
        // The valid affinity of TestValidateAffinity.
        """
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: key2, operator: In, values: [value1, value2]}
              - {key: key3, operator: Exists}
              - {key: key4, operator: DoesNotExist}
              - {key: key5, operator: Gt, values: ['3']}
              - {key: kubernetes.io/arch, operator: NotIn, values: [s390x]}
            - matchFields:
              - {key: metadata.name, operator: In, values: [host1]}
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 10
            preference:
              matchExpressions:
              - {key: foo, operator: In, values: [bar]}
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchExpressions: [{key: key2, operator: NotIn, values: [value1, value2]}]}
            namespaces: [ns]
            topologyKey: zone
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 10
            podAffinityTerm:
              labelSelector: {matchLabels: {app: web}}
              namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}
              topologyKey: kubernetes.io/hostname
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - {labelSelector: {matchLabels: {app: db}}, topologyKey: topology.kubernetes.io/zone}
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm: {labelSelector: {matchLabels: {app: db}}, topologyKey: zone}
        """,
        // Preferred node terms take any value: they only rank nodes (ValidatePreferredSchedulingTerms).
        "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: gpu-count, operator: Gt, values: ['-1']}]}}]}",
        // MatchLabelKeys/MismatchLabelKeys in required PodAffinity
        "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key, operator: NotIn, values: [value1, value2]}, {key: key2, operator: In, values: [value1]}, {key: key3, operator: NotIn, values: [value1]}]}, topologyKey: k8s.io/zone, matchLabelKeys: [key2], mismatchLabelKeys: [key3]}]}",
        // LabelSelector can have the same key as MismatchLabelKeys
        "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key2, operator: In, values: [value1]}, {key: key2, operator: NotIn, values: [value1]}]}, topologyKey: k8s.io/zone, mismatchLabelKeys: [key2]}]}",
        // A matchLabelKeys key used once in the selector's expressions, and nowhere else, is allowed.
        "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key, operator: In, values: [value1]}]}, topologyKey: zone, matchLabelKeys: [key]}]}",
        "podAntiAffinity: {}",
        "{}",
    };

    public static TheoryData<string, string, string, string> Rejected() => new()
    {
        { "empty nodeSelectorTerms", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}", NodeRequired + ".nodeSelectorTerms", "Required value: must have at least one node selector term" },
        { "missing nodeSelectorTerms", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {}}", NodeRequired + ".nodeSelectorTerms", "Required value: must have at least one node selector term" },
        { "operator missing", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: key1}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions[0].operator", "Required value" },
        { "operator not a selector operator", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: key1, operator: Equal, values: [a]}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions[0].operator", "Unsupported value: \"Equal\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\"" },
        { "key is invalid", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'invalid key ___@#', operator: Exists}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions[0].key", "in body should match" },
        { "In without values", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: key1, operator: In}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'" },
        { "NotIn with empty values", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: key1, operator: NotIn, values: []}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'" },
        { "Exists with values", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: key1, operator: Exists, values: [a]}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions[0].values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" },
        { "Gt with two values", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: key1, operator: Gt, values: ['1', '2']}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions[0].values", "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'" },
        { "Lt without a value", "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: key1, operator: Lt}]}}]}", NodePreferred + "[0].preference.matchExpressions[0].values", "must be specified single value when `operator` is 'Lt' or 'Gt'" },
        { "required value not a label value", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: key1, operator: In, values: [ok, 'value 1']}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchExpressions", "Invalid value: \"object\": values must be valid label values" },
        { "more values for field selector", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [host1, host2]}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchFields[0].values", "Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector" },
        { "field selector operator", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: Exists}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchFields[0].operator", "Invalid value: \"object\": not a valid selector operator" },
        { "field selector key", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.namespace, operator: In, values: [ns1]}]}]}}", NodeRequired + ".nodeSelectorTerms[0].matchFields[0].key", "Invalid value: \"object\": not a valid field selector key" },
        { "field selector node name", "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 5, preference: {matchFields: [{key: metadata.name, operator: NotIn, values: [Host_1]}]}}]}", NodePreferred + "[0].preference.matchFields[0].values", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters" },
        { "too many node selector terms", "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [" + string.Join(", ", Enumerable.Repeat("{matchExpressions: [{key: a, operator: Exists}]}", 9)) + "]}}", NodeRequired + ".nodeSelectorTerms", "Too many: 9: must have at most 8 items" },
        { "preferred weight 0", "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, preference: {matchExpressions: [{key: foo, operator: Exists}]}}]}", NodePreferred + "[0].weight", "should be greater than or equal to 1" },
        { "preferred weight 101", "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 101, preference: {}}]}", NodePreferred + "[0].weight", "should be less than or equal to 100" },
        { "preferred without preference", "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10}]}", NodePreferred + "[0].preference", "Required value" },
        { "missing topologyKey", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{" + Selector + "}]}", PodRequired + "[0].topologyKey", "Required value" },
        { "empty topologyKey", "podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10, podAffinityTerm: {" + Selector + ", topologyKey: ''}}]}", AntiPreferred + "[0].podAffinityTerm.topologyKey", "in body should match" },
        { "topologyKey prefix too long", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{" + Selector + ", topologyKey: " + new string('z', 254) + "/zone}]}", PodRequired + "[0].topologyKey", "prefix part must be no more than 253 bytes" },
        { "weighted term weight 0", "podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, podAffinityTerm: {" + Selector + ", topologyKey: zone}}]}", AntiPreferred + "[0].weight", "should be greater than or equal to 1" },
        { "weighted term without term", "podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10}]}", AntiPreferred + "[0].podAffinityTerm", "Required value" },
        { "invalid namespace", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{" + Selector + ", namespaces: [Bad_NS], topologyKey: zone}]}", PodRequired + "[0].namespaces[0]", "in body should match" },
        { "selector operator", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key2, operator: Gt, values: ['1']}]}, topologyKey: zone}]}", PodRequired + "[0].labelSelector.matchExpressions[0].operator", "Unsupported value: \"Gt\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"" },
        { "selector In without values", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key2, operator: In}]}, topologyKey: zone}]}", PodRequired + "[0].labelSelector.matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'" },
        { "selector Exists with values", "podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: {namespaceSelector: {matchExpressions: [{key: team, operator: DoesNotExist, values: [a]}]}, topologyKey: zone}}]}", AntiPreferred + "[0].podAffinityTerm.namespaceSelector.matchExpressions[0].values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" },
        { "selector value", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key2, operator: In, values: ['value 1']}]}, topologyKey: zone}]}", PodRequired + "[0].labelSelector.matchExpressions[0].values[0]", "in body should match" },
        { "selector key", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: 'a b', operator: Exists}]}, topologyKey: zone}]}", PodRequired + "[0].labelSelector.matchExpressions[0].key", "in body should match" },
        { "matchLabels key", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {'NoUppercaseOrSpecialCharsLike=Equals': bar}}, topologyKey: zone}]}", PodRequired + "[0].labelSelector.matchLabels", "Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
        { "matchLabelKeys key", "podAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10, podAffinityTerm: {labelSelector: {matchExpressions: [{key: key, operator: NotIn, values: [value1, value2]}]}, topologyKey: k8s.io/zone, matchLabelKeys: [/simple]}}]}", "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys[0]", "in body should match" },
        { "mismatchLabelKeys key", "podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key, operator: NotIn, values: [value1, value2]}]}, topologyKey: k8s.io/zone, mismatchLabelKeys: [/simple]}]}", "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys[0]", "in body should match" },
        { "matchLabelKeys without labelSelector", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, matchLabelKeys: [key]}]}", PodRequired + "[0].matchLabelKeys", "Forbidden: must not be specified when labelSelector is not set" },
        { "mismatchLabelKeys without labelSelector", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, mismatchLabelKeys: [key]}]}", PodRequired + "[0].mismatchLabelKeys", "Forbidden: must not be specified when labelSelector is not set" },
        { "key in both matchLabelKeys and mismatchLabelKeys", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{" + Selector + ", topologyKey: k8s.io/zone, matchLabelKeys: [samekey], mismatchLabelKeys: [samekey]}]}", PodRequired + "[0].matchLabelKeys", "Invalid value: \"object\": exists in both matchLabelKeys and mismatchLabelKeys" },
        { "key in both matchLabelKeys and labelSelector", "podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchExpressions: [{key: key, operator: In, values: [value1]}, {key: key, operator: NotIn, values: [value2]}]}, topologyKey: k8s.io/zone, matchLabelKeys: [key]}]}", PodRequired + "[0].matchLabelKeys", "Invalid value: \"object\": exists in both matchLabelKeys and labelSelector" },
        { "key in matchLabelKeys, matchLabels and an expression", "podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 10, podAffinityTerm: {labelSelector: {matchLabels: {key: value1}, matchExpressions: [{key: key, operator: NotIn, values: [value2]}]}, topologyKey: zone, matchLabelKeys: [key]}}]}", AntiPreferred + "[0].podAffinityTerm.matchLabelKeys", "exists in both matchLabelKeys and labelSelector" },
        { "unknown field", "nodeAffinity: {requiredDuringSchedulingRequiredDuringExecution: {nodeSelectorTerms: []}}", "spec.affinity.nodeAffinity.requiredDuringSchedulingRequiredDuringExecution", "unknown field" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_AffinitiesKubernetesAccepts(string affinity) => SpecValidation.Accepts("affinity:\n" + Indent(affinity));

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_WithFieldPathAndMessage(string name, string affinity, string field, string message) =>
        SpecValidation.Refuses(name, "affinity:\n" + Indent(affinity), field, message);

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(line => "  " + line));
}
