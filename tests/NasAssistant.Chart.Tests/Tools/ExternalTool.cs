using System.Diagnostics;

namespace NasAssistant.Chart.Tests.Tools;

/// <summary>
/// A binary the tests run (helm 4, helm 3, kubectl, lua, bash, promtool, docker-compose, haproxy). tests/run.sh
/// installs them and names them in environment variables; a missing one fails the test with the install command,
/// never skips it.
/// </summary>
internal sealed class ExternalTool
{
    private ExternalTool(string name, string path)
    {
        Name = name;
        FilePath = path;
    }

    public static ExternalTool Helm4 { get; } = Find("helm 4", "NAS_ASSISTANT_HELM", RepositoryPaths.Path(".tools", "bin", "helm"));

    public static ExternalTool Helm3 { get; } = Find("helm 3", "NAS_ASSISTANT_HELM3", RepositoryPaths.Path(".tools", "bin", "helm3"));

    /// <summary>kubectl 1.35, which the fake API server's tests drive (the file is linked into that project).</summary>
    public static ExternalTool Kubectl { get; } = Find("kubectl 1.35", "NAS_ASSISTANT_KUBECTL", RepositoryPaths.Path(".tools", "bin", "kubectl"));

    public static ExternalTool Lua { get; } = Find("lua 5.4", "NAS_ASSISTANT_LUA", "/usr/bin/lua5.4");

    /// <summary>Prometheus' rule and config checker (Debian package prometheus).</summary>
    public static ExternalTool Promtool { get; } = Find("promtool", "NAS_ASSISTANT_PROMTOOL", "/usr/bin/promtool");

    /// <summary>Compose file validation (Debian package docker-compose); config needs no Docker daemon.</summary>
    public static ExternalTool DockerCompose { get; } = Find("docker-compose", "NAS_ASSISTANT_DOCKER_COMPOSE", "/usr/bin/docker-compose");

    /// <summary>bash: runs the release workflow's shell steps as a GitHub runner does, and checks the syntax of the
    /// scripts that need root or a container engine and so run outside the tests.</summary>
    public static ExternalTool Bash { get; } = Find("bash", "NAS_ASSISTANT_BASH", "/bin/bash");

    /// <summary>The compose install's proxy, for checking its configuration (Debian package haproxy).</summary>
    public static ExternalTool HAProxy { get; } = Find("haproxy", "NAS_ASSISTANT_HAPROXY", "/usr/sbin/haproxy");

    /// <summary>Both helm majors the chart supports, for theories.</summary>
    public static IReadOnlyDictionary<string, ExternalTool> Helms { get; } = new Dictionary<string, ExternalTool>
    {
        ["helm4"] = Helm4,
        ["helm3"] = Helm3,
    };

    public string Name { get; }

    public string FilePath { get; }

    /// <summary>Runs the tool in the repository root; <paramref name="unset"/> names variables of this process it must not see.</summary>
    public ToolResult Run(
        IEnumerable<string> arguments,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IEnumerable<string>? unset = null)
    {
        Assert.True(File.Exists(FilePath), $"{Name} not found at {FilePath}: run `bash tests/run.sh` once (it installs the test tools: apt packages, and npm ones into .tools/bin), or set the path in the environment.");
        var start = new ProcessStartInfo(FilePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // helm keeps caches and config under HOME; a private one keeps runs independent of the machine.
        var home = Path.Combine(Path.GetTempPath(), "nas-assistant-chart-tests-home");
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var name in unset ?? [])
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {FilePath}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static ExternalTool Find(string name, string variable, string fallback)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        return new ExternalTool(name, string.IsNullOrEmpty(configured) ? fallback : configured);
    }
}
