using k8s;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.OpenApi;

/// <summary>The real kubectl 1.35 reads the fake's OpenAPI: explain, and apply with validation on.</summary>
public sealed class KubectlOpenApiTests : FakeKubeTest
{
    [Fact]
    public async Task Explain_ShowsACustomResourceField()
    {
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TestCrds.Gadget());
        using var kubectl = new KubectlSession(Fake.Url);
        var (exitCode, output, error) = await kubectl.RunAsync("explain", "gadget.spec");
        Assert.True(exitCode == 0, error);
        Assert.Contains("What the gadget should do.", output, StringComparison.Ordinal);
        Assert.Contains("How big it is.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_ShowsABuiltInField()
    {
        using var kubectl = new KubectlSession(Fake.Url);
        var (exitCode, output, error) = await kubectl.RunAsync("explain", "deployment.spec.strategy");
        Assert.True(exitCode == 0, error);
        Assert.Contains("rollingUpdate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WithValidation_CreatesThenPatchesADeployment()
    {
        using var kubectl = new KubectlSession(Fake.Url);
        var manifest = Path.Combine(kubectl.Directory, "web.yaml");
        await File.WriteAllTextAsync(manifest, Deployment("nginx:1.27"));
        var (exitCode, _, error) = await kubectl.RunAsync("apply", "--validate=true", "-f", manifest);
        Assert.True(exitCode == 0, error);

        await File.WriteAllTextAsync(manifest, Deployment("nginx:1.28"));
        (exitCode, _, error) = await kubectl.RunAsync("apply", "--validate=true", "-f", manifest);
        Assert.True(exitCode == 0, error);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal("nginx:1.28", Assert.Single(deployment.Spec.Template.Spec.Containers).Image);
    }

    [Fact]
    public async Task Apply_WithValidation_RejectsAnUnknownField()
    {
        using var kubectl = new KubectlSession(Fake.Url);
        var manifest = Path.Combine(kubectl.Directory, "web.yaml");
        await File.WriteAllTextAsync(manifest, Deployment("nginx:1.27").Replace("replicas: 1", "replicas: 1\n  replicaz: 2", StringComparison.Ordinal));
        var (exitCode, _, error) = await kubectl.RunAsync("apply", "--validate=true", "-f", manifest);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("replicaz", error, StringComparison.Ordinal);
    }

    private static string Deployment(string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
              containers:
              - name: web
                image: {{image}}
                ports:
                - containerPort: 80
        """;
}
