using k8s;
using NasAssistant.FakeKube.Tests.Kubectl;

namespace NasAssistant.FakeKube.Tests.Apply;

/// <summary><c>kubectl apply --server-side</c> (kubectl 1.35) against the fake.</summary>
public sealed class KubectlServerSideApplyTests : KubectlTest
{
    [Fact]
    public async Task ServerSideApply_CreatesUpdatesAndReportsConflicts()
    {
        var manifest = WriteManifest(WebDeployment(replicas: 2));

        await KubectlOkAsync("apply", "--server-side", "-f", manifest);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(("kubectl", "Apply"), (deployment.Metadata.ManagedFields[0].Manager, deployment.Metadata.ManagedFields[0].Operation));

        await File.WriteAllTextAsync(manifest, WebDeployment(replicas: 3));
        var conflict = await KubectlAsync("apply", "--server-side", "--field-manager=other", "-f", manifest);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict with \"kubectl\": .spec.replicas", conflict.StandardError, StringComparison.Ordinal);

        await KubectlOkAsync("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", manifest);
        Assert.Equal(3, (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas);
    }
}
