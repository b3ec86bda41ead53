using System.Text.Json.Nodes;
using NasAssistant.Chart.Tests.Images;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Chart.Tests.Compose;

/// <summary>deploy/compose/compose.yaml as Debian's docker-compose resolves it, with and without the monitoring profile.</summary>
public sealed class ComposeConfigTests
{
    private static readonly string[] Runtimes = ["primary", "backup"];

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static List<string> Mounts(JsonObject service) =>
        service["volumes"]?.AsArray().Select(Text).ToList() ?? [];

    private static IEnumerable<string> DependsOn(JsonObject service) =>
        service["depends_on"]?.AsObject().Select(d => d.Key) ?? [];

    [Theory]
    [InlineData(null, new[] { "primary", "backup", "proxy" })]
    [InlineData(ComposeProject.MonitoringProfile, new[] { "primary", "backup", "proxy", "prometheus", "grafana", "cadvisor" })]
    public void Config_IsValid_AndEveryServiceItStartsNeedsOnlyServicesThatStartToo(string? profile, string[] started)
    {
        var services = ComposeProject.Services(ComposeProject.Config(profile));
        var running = services.Where(s => s.Value!["profiles"] is not { } profiles || profiles.AsArray().Select(Text).Contains(profile))
            .Select(s => s.Key).ToList();
        Assert.Equal(started.Order(), running.Order());
        Assert.All(running, name => Assert.All(DependsOn(services[name]!.AsObject()), dependency => Assert.Contains(dependency, running)));
    }

    [Fact]
    public void MonitoringServices_AllCarryTheMonitoringProfile()
    {
        var services = ComposeProject.Services(ComposeProject.Config());
        Assert.All(new[] { "prometheus", "grafana", "cadvisor" }, name =>
            Assert.Equal([ComposeProject.MonitoringProfile], services[name]!["profiles"]!.AsArray().Select(Text)));
    }

    [Theory]
    [InlineData("primary")]
    [InlineData("backup")]
    public void Runtime_IsTheReleasedImage_RestartingReadOnlyWithinLimits_WithItsZoneAndAReadinessHealthCheck(string name)
    {
        var runtime = ComposeProject.Services(ComposeProject.Config())[name]!.AsObject();
        Assert.Equal(OperatorSettings.DefaultRuntimeImage, Text(runtime["image"]));
        Assert.Equal("unless-stopped", Text(runtime["restart"]));
        Assert.Equal(2.0, runtime["cpus"]!.GetValue<double>());
        Assert.Equal("2g", Text(runtime["mem_limit"]));
        Assert.True(runtime["read_only"]!.GetValue<bool>());
        Assert.Equal("65532:65532", Text(runtime["user"]));
        Assert.Equal("UTC", Text(runtime["environment"]!["TZ"]));

        // The image's own program asks the server's readiness endpoint (`health`): the image has no shell.
        var entrypoint = Dockerfile.Load(RepositoryPaths.Path("runtime", "Dockerfile")).Final.All("ENTRYPOINT").Last();
        var program = JsonNode.Parse(entrypoint)!.AsArray().Select(Text).First();
        Assert.Equal(["CMD", program, "health"], runtime["healthcheck"]!["test"]!.AsArray().Select(Text));

        // Longer than the runtime's drain, so compose never kills requests it is finishing.
        Assert.Equal("30s", Text(runtime["stop_grace_period"]));
        Assert.True(new ServerConfig().DrainTimeoutSeconds < 30);
    }

    [Fact]
    public void PrimaryAndBackup_ShareOneDataFolder_ForConversationsAndTheModelCache()
    {
        var services = ComposeProject.Services(ComposeProject.Config());
        var data = Runtimes.Select(name => Assert.Single(Mounts(services[name]!.AsObject()), m => m.Contains(":/data", StringComparison.Ordinal))).ToList();
        Assert.Equal(data[0], data[1]);
        Assert.Equal(ComposeProject.File("data") + ":/data:rw", data[0]);
        Assert.All(Runtimes, name =>
        {
            var environment = services[name]!["environment"]!;
            Assert.Equal("/data/sessions", Text(environment["NAS_ASSISTANT_CONVERSATIONS__DIRECTORY"]));
            Assert.Equal("/data/models", Text(environment["NAS_ASSISTANT_MODEL__CACHE_DIRECTORY"]));
        });
    }

    [Fact]
    public void Variables_PutTheDataFolderZoneOwnerLimitsAndPortWhereTheNasWantsThem()
    {
        var services = ComposeProject.Services(ComposeProject.Config(variables: new Dictionary<string, string>
        {
            ["NAS_ASSISTANT_DATA"] = "/volume1/docker/ai",
            ["TZ"] = "Asia/Shanghai",
            ["PUID"] = "1026",
            ["PGID"] = "100",
            ["NAS_ASSISTANT_CPUS"] = "1.5",
            ["NAS_ASSISTANT_MEMORY"] = "3g",
            ["NAS_ASSISTANT_PORT"] = "8500",
            ["NAS_ASSISTANT_IMAGE"] = "localhost/nas-assistant/runtime:dev",
        }));
        Assert.All(Runtimes, name =>
        {
            var runtime = services[name]!.AsObject();
            Assert.Contains("/volume1/docker/ai:/data:rw", Mounts(runtime));
            Assert.Equal("Asia/Shanghai", Text(runtime["environment"]!["TZ"]));
            Assert.Equal("1026:100", Text(runtime["user"]));
            Assert.Equal(1.5, runtime["cpus"]!.GetValue<double>());
            Assert.Equal("3g", Text(runtime["mem_limit"]));
            Assert.Equal("localhost/nas-assistant/runtime:dev", Text(runtime["image"]));
        });
        var port = Assert.Single(services["proxy"]!["ports"]!.AsArray());
        Assert.Equal((8500L, (long)RuntimeDefaults.ApiPort), (port!["published"]!.GetValue<long>(), port["target"]!.GetValue<long>()));
    }

    [Fact]
    public void OnlyTheProxyIsPublished_ByDefaultOnAPortTheNasLeavesFree()
    {
        var services = ComposeProject.Services(ComposeProject.Config());
        Assert.All(Runtimes, name => Assert.Null(services[name]!["ports"]));
        var port = Assert.Single(services["proxy"]!["ports"]!.AsArray());

        // Synology DSM answers on 5000 and 5001 itself.
        Assert.Equal(5050L, port!["published"]!.GetValue<long>());
        Assert.Equal(["backup", "primary"], DependsOn(services["proxy"]!.AsObject()).Order());
    }

    [Fact]
    public void SmokeScript_Parses_AndStartsTheServicesThatRunWithoutAProfile()
    {
        var script = ComposeProject.File("smoke.sh");
        var syntax = ExternalTool.Bash.Run(["-n", script]);
        Assert.True(syntax.ExitCode == 0, syntax.Describe());
        var up = Assert.Single(ShellScript.Load(script).Running("compose", "up", "-d"));
        Assert.Equal(ComposeProject.DefaultServices(ComposeProject.Config()).Order(), up.Skip(3).Order());
    }

    [Fact]
    public void EveryFileMountedFromTheFolder_Exists()
    {
        var services = ComposeProject.Services(ComposeProject.Config(ComposeProject.MonitoringProfile));
        var sources = services.SelectMany(s => Mounts(s.Value!.AsObject()))
            .Select(m => m.Split(':')[0])
            .Where(source => source.StartsWith(ComposeProject.Folder + "/", StringComparison.Ordinal) && source != ComposeProject.File("data"))
            .ToList();
        Assert.Equal(4, sources.Count);
        Assert.All(sources, source => Assert.True(File.Exists(source) || Directory.Exists(source), source));
    }
}
