using System.Diagnostics;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>Runs the real kubectl (the repository's .tools/bin/kubectl, or $NAS_ASSISTANT_KUBECTL) against a fake server.</summary>
internal sealed class Kubectl : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("fakekube-kubectl-").FullName;

    public Kubectl(string serverUrl)
    {
        File.WriteAllText(Path.Combine(_directory, "config"), $$"""
            apiVersion: v1
            kind: Config
            clusters: [{ name: fake, cluster: { server: "{{serverUrl}}" } }]
            users: [{ name: fake, user: {} }]
            contexts: [{ name: fake, context: { cluster: fake, user: fake, namespace: default } }]
            current-context: fake
            """);
    }

    public string Directory => _directory;

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Binary()) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(Path.Combine(_directory, "config"));
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(Path.Combine(_directory, "cache"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    private static string Binary()
    {
        if (Environment.GetEnvironmentVariable("NAS_ASSISTANT_KUBECTL") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".tools", "bin", "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("kubectl not found: run tests/run.sh once (it installs .tools/bin/kubectl) or set NAS_ASSISTANT_KUBECTL");
    }
}
