using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube;
using NasAssistant.Operator.Crd;

namespace NasAssistant.Operator.Tests.Crd;

/// <summary>
/// The generated CRD installs on an API server that checks it as apiextensions does: structural schema,
/// CEL rules type-checked and within the cost limits (the fake ports cel-go's cost estimator with the
/// Kubernetes library costs, so every list and string a rule reads needs its bound), and every default
/// validated raw against its own node's schema and rules (ValidateDefaults), where a rule reading a field
/// the default lacks is "no such key".
/// </summary>
public sealed class CrdInstallabilityTests
{
    [Fact]
    public async Task GeneratedCrd_IsAccepted_WithEveryDefaultPassingItsNodesRules()
    {
        await using var fake = await FakeKubeServer.StartAsync();
        using var client = fake.CreateClient();

        var created = await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.Build());

        Assert.Contains(created.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
    }

    [Theory]
    [InlineData("spec", "storage")]
    [InlineData("spec.model", "task")]
    [InlineData("spec.autoscaling", "minReplicas")]
    [InlineData("spec.tls", "mode")]
    public async Task BareObjectDefault_WouldBeRefused_BecauseItsRulesReadMissingKeys(string path, string missingKey)
    {
        // The control: the check above is not vacuous. A bare {} default, as the CRD had before, is refused.
        var crd = JsonNode.Parse(KubernetesJson.Serialize(CrdGenerator.Build()))!.AsObject();
        var node = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        foreach (var part in path.Split('.'))
        {
            node = node["properties"]![part]!.AsObject();
        }

        node["default"] = new JsonObject();
        await using var fake = await FakeKubeServer.StartAsync();
        using var client = fake.CreateClient();

        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString())));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        Assert.Contains($"no such key: {missingKey}", refused.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnboundedList_WouldBeRefused_ForItsRulesCost()
    {
        // The control for the cost check: the tolerations' item rules run once per item, so without
        // maxItems (and maxLength on the strings they read) the estimate exceeds the API server's budget.
        var crd = JsonNode.Parse(KubernetesJson.Serialize(CrdGenerator.Build()))!.AsObject();
        var tolerations = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["tolerations"]!.AsObject();
        tolerations.Remove("maxItems");
        foreach (var (_, property) in tolerations["items"]!["properties"]!.AsObject())
        {
            property!.AsObject().Remove("maxLength");
        }

        await using var fake = await FakeKubeServer.StartAsync();
        using var client = fake.CreateClient();

        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString())));

        Assert.Contains("cost exceeds budget", refused.Response.Content, StringComparison.Ordinal);
    }
}
