namespace NasAssistant.Operator.Tests.Validation;

/// <summary>spec.priorityClassName is checked as Kubernetes checks a pod's: a DNS-1123 subdomain when set (ValidatePriorityClassName).</summary>
public sealed class PriorityClassNameValidationTests
{
    public static TheoryData<string> Accepted() => new()
    {
        "high-priority",
        "system-node-critical",
        "tier.example.com",
        "''",
        new string('p', 253),
    };

    public static TheoryData<string, string, string> Rejected() => new()
    {
        { "uppercase and underscore", "High_Priority", "spec.priorityClassName in body should match" },
        { "ends with a dash", "high-", "spec.priorityClassName in body should match" },
        { "too long", new string('p', 254), "spec.priorityClassName in body should be at most 253 chars long" },
        { "not a string", "5", "spec.priorityClassName in body must be of type string" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_NamesKubernetesAccepts(string name) => SpecValidation.Accepts("priorityClassName: " + name);

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_WithFieldPathAndMessage(string name, string value, string message) =>
        SpecValidation.Refuses(name, "priorityClassName: " + value, "spec.priorityClassName", message);
}
