namespace NasAssistant.Operator.Tests.Validation;

/// <summary>
/// spec.tolerations is checked as Kubernetes checks a pod's (ValidateTolerations); cases follow
/// TestValidateTolerations and the toleration cases of TestValidatePod in
/// pkg/apis/core/validation/validation_test.go.
/// </summary>
public sealed class TolerationValidationTests
{
    private static readonly string LongPrefix = new('a', 254);

    public static TheoryData<string> Accepted() => new()
    {
        "[{key: foo, operator: Exists, effect: NoSchedule}]",
        "[{key: foo, operator: Equal, value: bar, effect: NoSchedule}]",
        "[{key: foo, value: bar}]",
        "[{key: foo, operator: '', value: bar, effect: ''}]",
        "[{key: example.com/gpu, operator: Equal, value: 'true', effect: PreferNoSchedule}]",
        "[{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]",
        "[{key: foo, operator: Exists, effect: NoExecute, tolerationSeconds: -1}]",
        "[{operator: Exists}]",
        "[{operator: Exists, effect: NoExecute}]",
        "[{key: foo, operator: Equal, value: ''}]",
        "[{key: " + new string('a', 253) + "/" + new string('b', 63) + ", operator: Exists}]",
    };

    public static TheoryData<string, string, string, string> Rejected() => new()
    {
        { "invalid toleration key", "[{key: 'nospecialchars^=@', operator: Equal, value: bar, effect: NoSchedule}]", "spec.tolerations[0].key", "spec.tolerations[0].key in body should match" },
        { "key prefix too long", "[{key: " + LongPrefix + "/name, operator: Exists}]", "spec.tolerations[0].key", "Invalid value: \"object\": prefix part must be no more than 253 bytes" },
        { "key name too long", "[{key: " + new string('a', 64) + ", operator: Exists}]", "spec.tolerations[0].key", "in body should match" },
        { "invalid toleration operator", "[{key: foo, operator: In, value: bar, effect: NoSchedule}]", "spec.tolerations[0].operator", "Unsupported value: \"In\": supported values: \"\", \"Equal\", \"Exists\"" },
        { "value with operator Exists", "[{key: foo, operator: Exists, value: bar, effect: NoSchedule}]", "spec.tolerations[0].operator", "Invalid value: \"object\": value must be empty when `operator` is 'Exists'" },
        { "empty key with operator Equal", "[{operator: Equal, value: bar}]", "spec.tolerations[0].operator", "Invalid value: \"object\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"" },
        { "empty key without operator", "[{}]", "spec.tolerations[0].operator", "operator must be Exists when `key` is empty" },
        { "tolerationSeconds without NoExecute", "[{key: foo, operator: Exists, effect: NoSchedule, tolerationSeconds: 20}]", "spec.tolerations[0].effect", "Invalid value: \"object\": effect must be 'NoExecute' when `tolerationSeconds` is set" },
        { "tolerationSeconds without effect", "[{key: foo, operator: Exists, tolerationSeconds: 20}]", "spec.tolerations[0].effect", "effect must be 'NoExecute' when `tolerationSeconds` is set" },
        { "invalid effect", "[{key: foo, operator: Exists, effect: NoScheduleNoAdmit}]", "spec.tolerations[0].effect", "Unsupported value: \"NoScheduleNoAdmit\": supported values: \"\", \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"" },
        { "invalid value", "[{key: foo, operator: Equal, value: 'bar baz'}]", "spec.tolerations[0].value", "spec.tolerations[0].value in body should match" },
        { "value too long", "[{key: foo, value: " + new string('v', 64) + "}]", "spec.tolerations[0].value", "should be at most 63 chars long" },
        { "second toleration", "[{operator: Exists}, {key: foo, operator: Exists, value: bar}]", "spec.tolerations[1].operator", "value must be empty when `operator` is 'Exists'" },
        { "not a list", "{key: foo}", "spec.tolerations", "must be of type array" },
        { "unknown field", "[{key: foo, operator: Exists, tolerate: always}]", "spec.tolerations[0].tolerate", "unknown field" },
        { "too many", "[" + string.Join(", ", Enumerable.Range(0, 33).Select(i => $"{{key: k{i}, operator: Exists}}")) + "]", "spec.tolerations", "Too many: 33: must have at most 32 items" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_TolerationsKubernetesAccepts(string tolerations) => SpecValidation.Accepts("tolerations: " + tolerations);

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_WithFieldPathAndMessage(string name, string tolerations, string field, string message) =>
        SpecValidation.Refuses(name, "tolerations: " + tolerations, field, message);
}
