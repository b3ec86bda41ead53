using NasAssistant.Chart.Tests.Tools;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>
/// The real kubectl pointed at one fake server: a kubeconfig and a discovery cache of its own (ports are
/// reused between runs, and a cached discovery of another server would hide this one's resources).
/// kubectl is found like the chart tests' tools (NAS_ASSISTANT_KUBECTL from tests/run.sh, else
/// .tools/bin/kubectl); a missing one fails the test.
/// </summary>
internal sealed class KubectlSession : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    public KubectlSession(string serverUrl)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fakekube-kubectl-").FullName;
        var kubeconfig = Path.Combine(Directory, "config");
        File.WriteAllText(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters: [{ name: fake, cluster: { server: "{{serverUrl}}" } }]
            users: [{ name: fake, user: {} }]
            contexts: [{ name: fake, context: { cluster: fake, user: fake, namespace: default } }]
            current-context: fake
            """);
        _environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["KUBECACHEDIR"] = Path.Combine(Directory, "cache"),
        };
    }

    /// <summary>A folder of this session's own, for manifests; removed with it.</summary>
    public string Directory { get; }

    /// <summary>Runs kubectl; every request it makes gives up after 30 seconds.</summary>
    public Task<ToolResult> RunAsync(params string[] args) =>
        Task.Run(() => ExternalTool.Kubectl.Run(["--request-timeout=30s", .. args], environment: _environment));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
