using k8s;
using NasAssistant.FakeKube.Tests.Kubectl;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.OpenApi;

/// <summary>The real kubectl 1.35 reads the fake's OpenAPI: explain, and apply with validation on.</summary>
public sealed class KubectlOpenApiTests : KubectlTest
{
    [Fact]
    public async Task Explain_ShowsACustomResourceField()
    {
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TestCrds.Gadget());
        var output = await KubectlOkAsync("explain", "gadget.spec");
        Assert.Contains("What the gadget should do.", output, StringComparison.Ordinal);
        Assert.Contains("How big it is.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_ShowsABuiltInField()
    {
        var output = await KubectlOkAsync("explain", "deployment.spec.strategy");
        Assert.Contains("rollingUpdate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WithValidation_CreatesThenPatchesADeployment()
    {
        var manifest = WriteManifest(WebDeployment(image: "nginx:1.27"));
        await KubectlOkAsync("apply", "--validate=true", "-f", manifest);

        await File.WriteAllTextAsync(manifest, WebDeployment(image: "nginx:1.28"));
        await KubectlOkAsync("apply", "--validate=true", "-f", manifest);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal("nginx:1.28", Assert.Single(deployment.Spec.Template.Spec.Containers).Image);
    }

    [Fact]
    public async Task Apply_WithValidation_RejectsAnUnknownField()
    {
        var manifest = WriteManifest(WebDeployment().Replace("replicas: 1", "replicas: 1\n  replicaz: 2", StringComparison.Ordinal));
        var result = await KubectlAsync("apply", "--validate=true", "-f", manifest);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("replicaz", result.StandardError, StringComparison.Ordinal);
    }
}
