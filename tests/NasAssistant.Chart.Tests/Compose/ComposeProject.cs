using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator.Rendering;

namespace NasAssistant.Chart.Tests.Compose;

/// <summary>The docker-compose install under deploy/compose, as docker-compose resolves it.</summary>
internal static partial class ComposeProject
{
    /// <summary>The scrape job of the runtimes in the compose Prometheus, and so the job its alert rules select.</summary>
    public const string RuntimeJob = "home";

    public const string MonitoringProfile = "monitoring";

    public static string Folder { get; } = RepositoryPaths.Path("deploy", "compose");

    public static string File(params string[] parts) => System.IO.Path.Combine([Folder, .. parts]);

    /// <summary>Every variable compose.yaml reads, so a test can run it with none of them set.</summary>
    public static IReadOnlyList<string> Variables { get; } = VariableReference()
        .Matches(System.IO.File.ReadAllText(File("compose.yaml")))
        .Select(m => m.Groups[1].Value)
        .Distinct()
        .ToList();

    // docker-compose takes a second or two to start, so each profile's defaults are resolved once.
    private static readonly ConcurrentDictionary<string, Lazy<string>> Defaults = new();

    /// <summary>`docker-compose config` with only <paramref name="variables"/> set, parsed; fails the test when it fails.</summary>
    public static JsonObject Config(string? profile = null, IReadOnlyDictionary<string, string>? variables = null)
    {
        var output = variables is null
            ? Defaults.GetOrAdd(profile ?? "", _ => new Lazy<string>(() => Resolve(profile, null))).Value
            : Resolve(profile, variables);
        return YamlDocuments.Parse(output).Single()!.AsObject();
    }

    private static string Resolve(string? profile, IReadOnlyDictionary<string, string>? variables)
    {
        string[] profileArguments = profile is null ? [] : ["--profile", profile];
        var result = ExternalTool.DockerCompose.Run(
            ["--project-directory", Folder, "-f", File("compose.yaml"), .. profileArguments, "config"],
            environment: variables,
            unset: Variables.Where(v => variables?.ContainsKey(v) != true).Append("COMPOSE_PROFILES"));
        Assert.True(result.ExitCode == 0 && !result.StandardError.Contains("WARNING", StringComparison.Ordinal), result.Describe());
        return result.StandardOutput;
    }

    public static JsonObject Services(JsonObject config) => config["services"]!.AsObject();

    /// <summary>Services that run without naming a profile.</summary>
    public static IReadOnlyList<string> DefaultServices(JsonObject config) =>
        Services(config).Where(s => s.Value!["profiles"] is null).Select(s => s.Key).ToList();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();
}
