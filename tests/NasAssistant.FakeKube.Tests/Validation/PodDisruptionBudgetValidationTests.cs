using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidatePodDisruptionBudget (policy/v1), cases after pkg/apis/policy/validation/validation_test.go.</summary>
public sealed class PodDisruptionBudgetValidationTests : ValidationTest
{
    private static JsonObject Budget => Json("""
        {'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':{'name':'web'},
         'spec':{'maxUnavailable':1,'selector':{'matchLabels':{'app':'web'}}}}
        """);

    [Theory]
    [InlineData("{}")]
    [InlineData("{'spec':{'maxUnavailable':null,'minAvailable':'50%'}}")]
    [InlineData("{'spec':{'unhealthyPodEvictionPolicy':'AlwaysAllow'}}")]
    public async Task Accepts_ValidBudget(string patch) => await CreateAsync(With(Budget, patch));

    [Theory]
    [InlineData("{'spec':{'maxUnavailable':-1}}", "spec.maxUnavailable", "Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("{'spec':{'maxUnavailable':'150%'}}", "spec.maxUnavailable", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%")]
    [InlineData("{'spec':{'maxUnavailable':'one'}}", "spec.maxUnavailable",
        "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"one\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    [InlineData("{'spec':{'unhealthyPodEvictionPolicy':'Never'}}", "spec.unhealthyPodEvictionPolicy", "Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")]
    [InlineData("{'spec':{'selector':{'matchExpressions':[{'key':'app','operator':'Has'}]}}}", "spec.selector.matchExpressions[0].operator", "Invalid value: \"Has\": not a valid selector operator")]
    public async Task Rejects_InvalidBudget(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Budget, patch)), field, message);

    [Fact]
    public async Task Rejects_MinAvailableTogetherWithMaxUnavailable()
    {
        var status = await RefusedAsync(() => CreateAsync(With(Budget, "{'spec':{'minAvailable':1}}")), System.Net.HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.EndsWith(": minAvailable and maxUnavailable cannot be both set", status.Details.Causes.Single(c => c.Field == "spec").Message, StringComparison.Ordinal);
    }
}
