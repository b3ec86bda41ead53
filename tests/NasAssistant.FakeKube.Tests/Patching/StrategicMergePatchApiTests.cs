using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Patching;

public sealed class StrategicMergePatchApiTests : FakeKubeTest
{
    [Fact]
    public async Task MergesContainersByName_ThroughTheClient()
    {
        Fake.Store.Create(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "app:1" }, new V1Container { Name = "sidecar", Image = "sidecar:1" }] },
                },
            },
        });

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "web", "default");

        Assert.Equal(["app:2", "sidecar:1"], patched.Spec.Template.Spec.Containers.Select(c => c.Image));
    }

    [Fact]
    public async Task IsUnsupportedForCustomResources()
    {
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TestCrds.Gadget());
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            KubernetesJson.Deserialize<object>("""{"apiVersion":"test.nasassistant.io/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":1}}"""),
            TestCrds.Group, "v1", "default", TestCrds.Plural);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":2}}""", V1Patch.PatchType.StrategicMergePatch), TestCrds.Group, "v1", "default", TestCrds.Plural, "g"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", status.Message);
    }
}
