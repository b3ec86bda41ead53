namespace NasAssistant.Operator.Tests.Validation;

/// <summary>
/// spec.resources is checked as Kubernetes checks a container's (ValidateContainerResourceRequirements):
/// valid, non-negative quantities, and no request above its limit, reported at the requests with the
/// quantities in canonical form; cases follow TestValidateResourceRequirements.
/// </summary>
public sealed class ResourceValidationTests
{
    public static TheoryData<string> Accepted() => new()
    {
        "{requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: 2, memory: 4Gi}}",
        "{requests: {cpu: 2, memory: 4Gi}, limits: {cpu: '2', memory: 4096Mi}}",
        "{requests: {cpu: '0.5'}, limits: {cpu: 500m}}",
        "{requests: {cpu: 10}, limits: {memory: 10G}}",
        "{requests: {cpu: 1e3}, limits: {cpu: 1k}}",
        "{requests: {memory: '+1Gi'}, limits: {}}",
        "{requests: {cpu: 0}, limits: {cpu: 0}}",
    };

    public static TheoryData<string, string, string, string> Rejected() => new()
    {
        { "cpu request above its limit", "{requests: {cpu: 4}, limits: {cpu: 2}}", "spec.resources.requests", "Invalid value: \"4\": must be less than or equal to cpu limit of 2" },
        { "memory request above its limit", "{requests: {memory: 8Gi}, limits: {memory: 4Gi}}", "spec.resources.requests", "Invalid value: \"8Gi\": must be less than or equal to memory limit of 4Gi" },
        { "canonical quantities", "{requests: {cpu: '0.5'}, limits: {cpu: 250m}}", "spec.resources.requests", "Invalid value: \"500m\": must be less than or equal to cpu limit of 250m" },
        { "default request above a lower limit", "{limits: {cpu: 250m, memory: 4Gi}}", "spec.resources.requests", "must be less than or equal to cpu limit of 250m" },
        { "negative limit", "{limits: {cpu: '-1'}}", "spec.resources.limits.cpu", "spec.resources.limits.cpu in body should match" },
        { "negative request", "{requests: {memory: -1Gi}}", "spec.resources.requests.memory", "spec.resources.requests.memory in body should match" },
        { "not a quantity", "{limits: {memory: 4GB}}", "spec.resources.limits.memory", "in body should match" },
        { "unknown resource", "{limits: {gpu: 1}}", "spec.resources.limits.gpu", "unknown field" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_ResourcesKubernetesAccepts(string resources) => SpecValidation.Accepts("resources: " + resources);

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_WithFieldPathAndMessage(string name, string resources, string field, string message) =>
        SpecValidation.Refuses(name, "resources: " + resources, field, message);

    [Fact]
    public void ReportsEveryResourceAboveItsLimit()
    {
        var errors = SpecValidation.Errors("resources: {requests: {cpu: 3, memory: 5Gi}, limits: {cpu: 2, memory: 4Gi}}");
        Assert.Equal(
            ["spec.resources.requests: Invalid value: \"3\": must be less than or equal to cpu limit of 2", "spec.resources.requests: Invalid value: \"5Gi\": must be less than or equal to memory limit of 4Gi"],
            errors.Select(e => e.ToString()));
    }
}
