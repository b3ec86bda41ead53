using k8s;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Apply;

/// <summary><c>kubectl apply --server-side</c> (kubectl 1.35) against the fake.</summary>
public sealed class KubectlServerSideApplyTests : FakeKubeTest
{
    [Fact]
    public async Task ServerSideApply_CreatesUpdatesAndReportsConflicts()
    {
        using var kubectl = new KubectlSession(Fake.Url);
        var manifest = Path.Combine(kubectl.Directory, "web.yaml");
        await File.WriteAllTextAsync(manifest, Manifest(replicas: 2));

        var (exitCode, _, error) = await kubectl.RunAsync("apply", "--server-side", "-f", manifest);
        Assert.True(exitCode == 0, error);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(("kubectl", "Apply"), (deployment.Metadata.ManagedFields[0].Manager, deployment.Metadata.ManagedFields[0].Operation));

        await File.WriteAllTextAsync(manifest, Manifest(replicas: 3));
        (exitCode, _, error) = await kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "-f", manifest);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("conflict with \"kubectl\": .spec.replicas", error, StringComparison.Ordinal);

        (exitCode, _, error) = await kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", manifest);
        Assert.True(exitCode == 0, error);
        Assert.Equal(3, (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas);
    }

    private static string Manifest(int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """;
}
