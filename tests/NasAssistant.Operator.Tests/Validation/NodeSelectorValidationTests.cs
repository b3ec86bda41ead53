namespace NasAssistant.Operator.Tests.Validation;

/// <summary>
/// spec.nodeSelector is checked as Kubernetes checks a pod's (ValidateLabels, IsQualifiedName,
/// IsValidLabelValue); cases follow TestValidateLabels and TestIsQualifiedName. Key errors are reported
/// at the map, as Kubernetes reports them, and by the operator only (see PassThroughChecks).
/// </summary>
public sealed class NodeSelectorValidationTests
{
    public static TheoryData<string> Accepted() => new()
    {
        "{disktype: ssd}",
        "{kubernetes.io/hostname: nas-01}",
        "{example.com/gpu: ''}",
        "{simple: bar, now-with-dashes: bar, 1-starts-with-num: bar, 1234: bar, simple/simple: bar, now-with-dashes/simple: bar, now-with-dashes/now-with-dashes: bar, now.with.dots/simple: bar, now-with.dashes-and.dots/simple: bar, 1-num.2-num/3-num: bar, 1234/5678: bar, 1.2.3.4/5678: bar, UpperCase123: bar}",
        "{" + new string('a', 253) + "/" + new string('b', 63) + ": " + new string('c', 63) + "}",
        "{}",
    };

    public static TheoryData<string, string, string, string> Rejected() => new()
    {
        { "special characters", "{'NoUppercaseOrSpecialCharsLike=Equals': bar}", "spec.nodeSelector", "Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
        { "empty prefix", "{/simple: bar}", "spec.nodeSelector", "Invalid value: \"/simple\": prefix part must be non-empty" },
        { "empty name", "{example.com/: bar}", "spec.nodeSelector", "Invalid value: \"example.com/\": name part must be non-empty" },
        { "two slashes", "{a/b/c: bar}", "spec.nodeSelector", "Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" },
        { "uppercase prefix", "{Example.com/name: bar}", "spec.nodeSelector", "Invalid value: \"Example.com/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
        { "prefix too long", "{" + new string('a', 254) + "/name: bar}", "spec.nodeSelector", "prefix part must be no more than 253 bytes" },
        { "name too long", "{" + new string('b', 64) + ": bar}", "spec.nodeSelector", "name part must be no more than 63 bytes" },
        { "name ends with a dash", "{now-with-dashes-: bar}", "spec.nodeSelector", "name part must consist of alphanumeric characters" },
        { "value with a space", "{disktype: 'fast ssd'}", "spec.nodeSelector.disktype", "spec.nodeSelector.disktype in body should match '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'" },
        { "value too long", "{disktype: " + new string('v', 64) + "}", "spec.nodeSelector.disktype", "should be at most 63 chars long" },
        { "value not a string", "{disktype: [ssd]}", "spec.nodeSelector.disktype", "must be of type string" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_NodeSelectorsKubernetesAccepts(string nodeSelector) => SpecValidation.Accepts("nodeSelector: " + nodeSelector);

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_WithFieldPathAndMessage(string name, string nodeSelector, string field, string message) =>
        SpecValidation.Refuses(name, "nodeSelector: " + nodeSelector, field, message);
}
