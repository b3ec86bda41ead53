using k8s;
using k8s.Models;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Kubectl;

/// <summary>A fake server that the real kubectl talks to, with the repository's CRD and examples at hand.</summary>
public abstract class KubectlTest : FakeKubeTest
{
    private KubectlSession? _session;

    /// <summary>The namespaces the repository's examples use exist, as they would on a prepared cluster.</summary>
    protected override FakeKubeOptions Options => new() { RandomSeed = 42, Namespaces = ["default", "kube-system", "assistants", "clinic"] };

    private KubectlSession Session => _session ??= new KubectlSession(Fake.Url);

    protected static string RepositoryPath(params string[] parts) => RepositoryPaths.Path(parts);

    /// <summary>Installs the repository's AssistantDeployment CRD with kubectl apply.</summary>
    protected Task ApplyCrdAsync() => KubectlOkAsync("apply", "-f", RepositoryPath("crds"));

    /// <summary>Applies examples/minimal.yaml: the AssistantDeployment <c>assistants/family</c>.</summary>
    protected async Task ApplyMinimalExampleAsync()
    {
        await ApplyCrdAsync();
        await KubectlOkAsync("apply", "-f", RepositoryPath("examples", "minimal.yaml"));
    }

    /// <summary>Writes a manifest into the session's own folder and returns its path.</summary>
    protected string WriteManifest(string yaml)
    {
        var path = Path.Combine(Session.Directory, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>The Deployment <c>web</c> as a manifest: one nginx container serving port 80.</summary>
    protected static string WebDeployment(int replicas = 1, string image = "nginx:1.27") => $$"""
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
                image: {{image}}
                ports:
                - containerPort: 80
        """;

    /// <summary>Writes an AssistantDeployment's status through the status subresource, as the operator does.</summary>
    protected Task SetAssistantStatusAsync(string ns, string name, string statusJson) =>
        Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch($$"""{"status":{{statusJson}}}""", V1Patch.PatchType.MergePatch), "nasassistant.io", "v1alpha1", ns, "assistantdeployments", name);

    /// <summary>Runs kubectl against the fake; the result carries its exit code and output.</summary>
    private protected Task<ToolResult> KubectlAsync(params string[] arguments) => Session.RunAsync(arguments);

    /// <summary>Runs kubectl and fails the test unless it exits 0.</summary>
    protected async Task<string> KubectlOkAsync(params string[] arguments)
    {
        var result = await KubectlAsync(arguments);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', arguments)}: {result.Describe()}");
        return result.StandardOutput;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _session?.Dispose();
    }
}
