using System.Text.Json.Nodes;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator.Cli;
using NasAssistant.Operator.Rendering;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Chart.Tests.Compose;

/// <summary>
/// The compose monitoring profile runs the operator's own alert rules and the chart's own dashboard:
/// the committed copies must equal what they are made from.
/// </summary>
public sealed class ComposeMonitoringTests
{
    private static readonly string AlertRules = ComposeProject.File("monitoring", "prometheus", "alert-rules.yml");
    private static readonly string PrometheusConfig = ComposeProject.File("monitoring", "prometheus", "prometheus.yml");

    private static JsonObject Yaml(string path) => YamlDocuments.Parse(File.ReadAllText(path)).Single()!.AsObject();

    [Fact]
    public void AlertRules_EqualTheOperatorsOutput()
    {
        var output = new StringWriter();
        Assert.Equal(0, OperatorCommandLine.Run(["alert-rules", "--job", ComposeProject.RuntimeJob], output, new StringWriter()));
        Assert.True(File.ReadAllText(AlertRules) == output.ToString(),
            "deploy/compose/monitoring/prometheus/alert-rules.yml is stale; regenerate it with: dotnet run --project operator/NasAssistant.Operator -- "
            + $"alert-rules --job {ComposeProject.RuntimeJob} > deploy/compose/monitoring/prometheus/alert-rules.yml");
    }

    [Fact]
    public void Dashboard_IsTheChartsDashboard()
    {
        Assert.True(
            File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "files", "dashboard.json"))
                == File.ReadAllText(ComposeProject.File("monitoring", "grafana", "dashboards", "nas-assistant.json")),
            "deploy/compose/monitoring/grafana/dashboards/nas-assistant.json is stale; copy it again with: "
            + "cp charts/nas-assistant-operator/files/dashboard.json deploy/compose/monitoring/grafana/dashboards/nas-assistant.json");
    }

    [Fact]
    public void PrometheusConfig_PassesPromtool_WithTheAlertRules()
    {
        var result = ExternalTool.Promtool.Run(["check", "config", PrometheusConfig]);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("SUCCESS: 1 rule files found", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["alert-rules.yml"], Yaml(PrometheusConfig)["rule_files"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public void Prometheus_ScrapesBothRuntimesMetricsPorts_AsPodsOfTheRulesJob_AndCadvisor()
    {
        var jobs = Yaml(PrometheusConfig)["scrape_configs"]!.AsArray().ToDictionary(j => j!["job_name"]!.GetValue<string>(), j => j!);
        var runtimeTargets = jobs[ComposeProject.RuntimeJob]["static_configs"]!.AsArray()
            .Select(c => (Target: c!["targets"]!.AsArray().Single()!.GetValue<string>(), Pod: c["labels"]!["pod"]!.GetValue<string>(), Namespace: c["labels"]!["namespace"]!.GetValue<string>()))
            .ToList();
        Assert.Equal(
            [($"primary:{RuntimeDefaults.MetricsPort}", "primary", "compose"), ($"backup:{RuntimeDefaults.MetricsPort}", "backup", "compose")],
            runtimeTargets);
        Assert.Equal("cadvisor:8080", jobs["cadvisor"]["static_configs"]![0]!["targets"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Grafana_ProvisionsThePrometheusDataSourceAndTheDashboardsFolder()
    {
        var source = Yaml(ComposeProject.File("monitoring", "grafana", "provisioning", "datasources", "prometheus.yml"))["datasources"]!.AsArray().Single()!;
        Assert.Equal(("prometheus", "http://prometheus:9090", true), (source["type"]!.GetValue<string>(), source["url"]!.GetValue<string>(), source["isDefault"]!.GetValue<bool>()));
        var provider = Yaml(ComposeProject.File("monitoring", "grafana", "provisioning", "dashboards", "nas-assistant.yml"))["providers"]!.AsArray().Single()!;
        var grafana = ComposeProject.Services(ComposeProject.Config(ComposeProject.MonitoringProfile))["grafana"]!;
        Assert.Contains(
            ComposeProject.File("monitoring", "grafana", "dashboards") + ":" + provider["options"]!["path"]!.GetValue<string>() + ":ro",
            grafana["volumes"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void ProxyConfig_IsValidForHaproxy_AndChecksReadinessWithTheBackupAsBackup()
    {
        var config = ComposeProject.File("proxy", "haproxy.cfg");
        var result = ExternalTool.HAProxy.Run(["-c", "-f", config]);
        Assert.True(result.ExitCode == 0, result.Describe());
        var lines = File.ReadAllLines(config).Select(l => l.Trim()).ToList();
        Assert.Contains($"option httpchk GET {RuntimeDefaults.ReadyPath}", lines);
        Assert.Contains($"bind :{RuntimeDefaults.ApiPort}", lines);
        Assert.Contains($"server primary primary:{RuntimeDefaults.ApiPort}", lines);
        Assert.Contains($"server backup backup:{RuntimeDefaults.ApiPort} backup", lines);
    }
}
