using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>Updates of a CRD go through the same checks, plus ValidateCustomResourceDefinitionUpdate's immutable fields and stored versions.</summary>
public sealed class CrdUpdateTests : FakeKubeTest
{
    private const string Schema = """{"type":"object","properties":{"spec":{"type":"object","properties":{"replicas":{"type":"integer"}}}}}""";

    private async Task<V1CustomResourceDefinition> CreateAsync() =>
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(TestCrds.WithSchema(Schema).ToJsonString()));

    private async Task<V1Status> RejectedReplaceAsync(V1CustomResourceDefinition crd)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        return KubernetesJson.Deserialize<V1Status>(error.Response.Content);
    }

    [Fact]
    public async Task Rejects_AnUpdateToANonStructuralSchema()
    {
        var crd = await CreateAsync();
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["extra"] = new V1JSONSchemaProps();

        var status = await RejectedReplaceAsync(crd);

        Assert.Equal(
            "CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[extra].type: Required value: must not be empty for specified object fields",
            status.Message);
    }

    [Theory]
    [InlineData("scope", "spec.scope: Invalid value: \"Cluster\": field is immutable")]
    [InlineData("kind", "spec.names.kind: Invalid value: \"Gadget\": field is immutable")]
    public async Task Rejects_ChangingWhatStorageDependsOn(string field, string problem)
    {
        var crd = await CreateAsync();
        if (field == "scope")
        {
            crd.Spec.Scope = "Cluster";
        }
        else
        {
            crd.Spec.Names.Kind = "Gadget";
            crd.Spec.Names.ListKind = "GadgetList";
        }

        var status = await RejectedReplaceAsync(crd);

        Assert.Equal(problem, Assert.Single(status.Details.Causes).Field + ": " + status.Details.Causes[0].Message);
    }

    [Fact]
    public async Task Rejects_ChangingTheGroup()
    {
        var crd = await CreateAsync();
        crd.Spec.Group = "other.example.com";

        var status = await RejectedReplaceAsync(crd);

        Assert.Equal(
            ["metadata.name: Invalid value: \"widgets.example.com\": must be spec.names.plural+\".\"+spec.group", "spec.group: Invalid value: \"other.example.com\": field is immutable"],
            status.Details.Causes.Select(c => c.Field + ": " + c.Message));
    }

    [Fact]
    public async Task KeepsAStoredVersion_UntilItIsMigratedAway()
    {
        var crd = await CreateAsync();
        var v2 = KubernetesJson.Deserialize<V1CustomResourceDefinitionVersion>(KubernetesJson.Serialize(crd.Spec.Versions[0]));
        v2.Name = "v2";
        crd.Spec.Versions[0].Storage = false;
        crd.Spec.Versions.Add(v2);
        var updated = await Client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name);
        Assert.Equal(["v1", "v2"], updated.Status.StoredVersions);

        updated.Spec.Versions.RemoveAt(0);
        var status = await RejectedReplaceAsync(updated);

        Assert.Equal(
            "status.storedVersions[0]: Invalid value: \"v1\": missing from spec.versions; v1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1 and removes v1 from status.storedVersions",
            Assert.Single(status.Details.Causes).Field + ": " + status.Details.Causes[0].Message);
    }

    [Fact]
    public async Task Accepts_AnUpdateThatStaysValid()
    {
        var crd = await CreateAsync();
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].XKubernetesValidations =
        [
            new V1ValidationRule { Rule = "!has(self.replicas) || self.replicas >= 0", Message = "replicas must not be negative" },
        ];

        var updated = await Client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name);

        Assert.Single(JsonNode.Parse(KubernetesJson.Serialize(updated))!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["x-kubernetes-validations"]!.AsArray());
    }
}
