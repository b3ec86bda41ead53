using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Api;

/// <summary>
/// Accept and Content-Type negotiation (handlers/negotiation): what kubectl and client-go send gets JSON or a
/// Table; what cannot be served is 406 NotAcceptable; a body that is not JSON is 415, never a parse error.
/// </summary>
public sealed class ContentNegotiationTests : FakeKubeTest
{
    private const string CustomResourcePath = "/apis/test.nasassistant.io/v1/namespaces/default/widgets";

    [Theory]
    [InlineData(null, "ConfigMapList")]
    [InlineData("application/json", "ConfigMapList")]
    [InlineData("*/*", "ConfigMapList")]
    [InlineData("application/json, */*", "ConfigMapList")]
    [InlineData("application/vnd.kubernetes.protobuf,application/json", "ConfigMapList")]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "Table")]
    [InlineData("application/json;as=Table;g=meta.k8s.io;v=v1beta1", "Table")]
    [InlineData("application/json;stream=watch;as=Table;g=meta.k8s.io;v=v1", "Table")]
    [InlineData("application/json;as=Table;g=meta.k8s.io;v=v1alpha1, application/json", "ConfigMapList")]
    [InlineData("application/json;q=0.5, application/json;as=Table;g=meta.k8s.io;v=v1", "Table")]
    public async Task Accept_ServedAsJsonOrTable(string? accept, string kind)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps", accept);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(kind, body["kind"]!.GetValue<string>());
    }

    // Cases of the apiserver's integration tests (test/integration/apiserver/apiserver_test.go).
    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf;as=Table;g=meta.k8s.io;v=v1beta1")]
    [InlineData("application/json;as=PartialObject;g=meta.k8s.io;v=v1beta1")]
    [InlineData("application/json;as=Table;g=k8s.io;v=v1beta1")]
    [InlineData("application/json;g=meta.k8s.io;v=v1beta1")]
    [InlineData("application/json;as=Table;g=meta.k8s.io;v=v1alpha1")]
    [InlineData("text/html")]
    public async Task Accept_ThatCannotBeServed_IsNotAcceptable(string accept)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services", accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, status);
        Assert.Equal("NotAcceptable", body["reason"]!.GetValue<string>());
        Assert.Equal("only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accept_ProtobufOnly_ForACustomResource_IsNotAcceptable()
    {
        RegisterWidgets();

        var (status, _) = await SendAsync(HttpMethod.Get, CustomResourcePath, "application/vnd.kubernetes.protobuf");

        Assert.Equal(HttpStatusCode.NotAcceptable, status);
    }

    [Fact]
    public async Task Accept_ProtobufWithJsonFallback_ForACustomResource_IsJson()
    {
        RegisterWidgets();

        var (status, body) = await SendAsync(HttpMethod.Get, CustomResourcePath, "application/vnd.kubernetes.protobuf, application/json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("WidgetList", body["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("application/yaml")]
    [InlineData("application/cbor")]
    public async Task Body_NotInJson_IsUnsupportedMediaType(string contentType)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Fake.Url) };
        using var content = new ByteArrayContent([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await http.PostAsync("/api/v1/namespaces", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UnsupportedMediaType", body["reason"]!.GetValue<string>());
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Body_InJsonWithCharset_IsAccepted()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Fake.Url) };
        using var content = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}}""");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        using var response = await http.PostAsync("/api/v1/namespaces/default/configmaps", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private void RegisterWidgets() => Fake.Store.Create(JsonNode.Parse("""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.test.nasassistant.io"},
         "spec": {"group": "test.nasassistant.io", "scope": "Namespaced", "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
                  "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}}
        """)!.AsObject());
}
