using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Storage;

/// <summary>NamespaceLifecycle admission: content needs an existing namespace; the system namespaces stay.</summary>
public sealed class NamespaceLifecycleAdmissionTests : LifecycleTest
{
    [Fact]
    public async Task Create_InAMissingNamespace_Is404()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, "nowhere"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("namespaces \"nowhere\" not found", status["message"]!.GetValue<string>());
        Assert.Equal("namespaces", status["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("nowhere", status["details"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_InANamespaceCreatedFirst_Succeeds()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, "team");
        Assert.Equal("team", created.Metadata.NamespaceProperty);
    }

    [Fact]
    public void Seeding_InAMissingNamespace_IsRefusedToo()
    {
        var error = Assert.Throws<Errors.KubeApiException>(() => Seed(ConfigMap("settings", ns: "nowhere")));
        Assert.Equal(404, error.Code);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task Delete_OfASystemNamespace_Is403(string name)
    {
        var (status, answer) = await DeleteAsync(Namespace(name));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"namespaces \"{name}\" is forbidden: this namespace may not be deleted", answer["message"]!.GetValue<string>());
    }
}
