using k8s;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.OpenApi;

public sealed class OpenApiDocumentsTests : FakeKubeTest
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task V3Index_HasAServerRelativeUrlPerGroupVersion()
    {
        var index = await GetJsonAsync("/openapi/v3");
        var paths = index["paths"]!.AsObject();
        foreach (var groupVersion in new[] { "api/v1", "apis/apps/v1", "apis/autoscaling/v2", "apis/policy/v1", "apis/networking.k8s.io/v1", "apis/apiextensions.k8s.io/v1" })
        {
            Assert.StartsWith($"/openapi/v3/{groupVersion}?hash=", paths[groupVersion]!["serverRelativeURL"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task V3GroupVersion_HasTheKindsWithGroupVersionKindAndPatchMetadata()
    {
        var document = await GetJsonAsync("/openapi/v3/apis/apps/v1");
        var schemas = document["components"]!["schemas"]!.AsObject();
        var deployment = schemas["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Equal("Deployment", deployment["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        var containers = schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec", deployment["properties"]!["spec"]!["allOf"]![0]!["$ref"]!.GetValue<string>());

        var patch = document["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("Deployment", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query");
        Assert.DoesNotContain("x-fakekube", document.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomResources_AppearWithTheirCrd_AndDisappearWithIt()
    {
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TestCrds.Gadget());
        var index = await GetJsonAsync("/openapi/v3");
        var url = index["paths"]!["apis/test.nasassistant.io/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var document = await GetJsonAsync(url);
        var gadget = document["components"]!["schemas"]!["io.nasassistant.test.v1.Gadget"]!;
        Assert.Equal("Gadget", gadget["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", gadget["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["schemas"]!["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]);
        var v2 = await GetJsonAsync("/openapi/v2");
        Assert.NotNull(v2["definitions"]!["io.nasassistant.test.v1.Gadget"]);

        // The CRD goes once its cleanup finalizer has run, after the delete has answered, as in kube-apiserver.
        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("gadgets.test.nasassistant.io");
        await Eventually.ValueAsync(() => GetJsonAsync("/openapi/v3"), i => i["paths"]!["apis/test.nasassistant.io/v1"] is null, "the group to leave the OpenAPI index");
        using var gone = await Http.GetAsync(new Uri(Fake.Url + "/openapi/v3/apis/test.nasassistant.io/v1"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task V2_IsSwaggerWithDefinitions_InJsonOrProtobufByAcceptHeader()
    {
        var swagger = await GetJsonAsync("/openapi/v2");
        Assert.Equal("2.0", swagger["swagger"]!.GetValue<string>());
        var strategy = swagger["definitions"]!["io.k8s.api.apps.v1.DeploymentSpec"]!["properties"]!["strategy"]!;
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.DeploymentStrategy", strategy["$ref"]!.GetValue<string>());
        Assert.Equal("retainKeys", strategy["x-kubernetes-patch-strategy"]!.GetValue<string>());

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Fake.Url + "/openapi/v2"));
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        using var protobuf = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, protobuf.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", protobuf.Content.Headers.ContentType!.MediaType);
        var bytes = await protobuf.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x0A, 0x03, (byte)'2', (byte)'.', (byte)'0'], bytes[..5]);
    }

    [Fact]
    public async Task UnsupportedAcceptHeader_IsNotAcceptable()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Fake.Url + "/openapi/v2"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yaml"));
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(Fake.Url + path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
