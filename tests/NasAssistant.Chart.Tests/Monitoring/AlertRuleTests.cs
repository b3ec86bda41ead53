using System.Globalization;
using System.Text;
using NasAssistant.Chart.Tests.Chart;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Resources.ThirdParty;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Chart.Tests.Monitoring;

/// <summary>The alert rules under Debian's promtool: every rule file checks, and the disk latency pair fires where it should.</summary>
public sealed class AlertRuleTests
{
    private const string Job = Compose.ComposeProject.RuntimeJob;

    private static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nas-assistant-alert-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static TheoryData<string, string> RuleFiles()
    {
        var full = YamlDocuments.Parse(File.ReadAllText(RepositoryPaths.Path("examples", "full.yaml"))).Single();
        var assistant = Operator.Validation.AssistantDeploymentValidator.Validate(full).Resource!;
        var chart = RenderedChart.Render("helm4", ChartValueSets.MonitoringOn).Single<PrometheusRule>();
        return new TheoryData<string, string>
        {
            { "compose runtimes", AlertRuleFile.Write(Job)! },
            { "operator's PrometheusRule for examples/full.yaml", ManifestYaml.Write(PrometheusRuleBuilder.Build(assistant)!.Spec) },
            { "chart's PrometheusRule for the operator", ManifestYaml.Write(chart.Spec) },
        };
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void RuleFile_PassesPromtoolCheck(string source, string rules)
    {
        var folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "rules.yml"), rules);
        var result = ExternalTool.Promtool.Run(["check", "rules", Path.Combine(folder, "rules.yml")]);
        Assert.True(result.ExitCode == 0, source + ": " + result.Describe());
        Assert.Contains("SUCCESS", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pod "backup" fsyncs <paramref name="perMinute"/> times a minute, <paramref name="slowPerMinute"/> of them taking
    /// <paramref name="slowSeconds"/> and the rest 3 ms, for <paramref name="minutes"/> minutes; pod "primary" stays at 3 ms.
    /// </summary>
    [Theory]
    [InlineData("healthy disk: every fsync 3 ms", 200, 0, 0.0, 20, new string[0])]
    [InlineData("idle store: no writes at all", 0, 0, 0.0, 20, new string[0])]
    [InlineData("rare spikes: 1 in 200 fsyncs takes 300 ms", 200, 1, 0.3, 20, new string[0])]
    [InlineData("1 in 50 fsyncs takes 70 ms", 200, 4, 0.07, 20, new[] { "AssistantDiskLatencyHigh" })]
    [InlineData("every fsync 150 ms: p99 just under 200 ms", 200, 200, 0.15, 20, new[] { "AssistantDiskLatencyHigh" })]
    [InlineData("every fsync 210 ms", 200, 200, 0.21, 20, new[] { "AssistantDiskLatencyHigh", "AssistantDiskLatencyCritical" })]
    [InlineData("1 in 50 fsyncs takes 300 ms", 200, 4, 0.3, 20, new[] { "AssistantDiskLatencyHigh", "AssistantDiskLatencyCritical" })]
    [InlineData("70 ms for 8 minutes: the warning waits 10", 200, 200, 0.07, 8, new string[0])]
    [InlineData("300 ms for 8 minutes: the critical alert waits only 5", 200, 200, 0.3, 8, new[] { "AssistantDiskLatencyCritical" })]
    public void DiskLatencyAlerts_FireAtTheirThresholds_PerPod(string scenario, int perMinute, int slowPerMinute, double slowSeconds, int minutes, string[] firing)
    {
        var folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "rules.yml"), AlertRuleFile.Write(Job));
        var test = new StringBuilder();
        test.Append("rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n  input_series:\n");
        AppendFsyncs(test, "primary", perMinute, 0, 0, minutes);
        AppendFsyncs(test, "backup", perMinute, slowPerMinute, slowSeconds, minutes);
        test.Append("  alert_rule_test:\n");
        var alerts = PrometheusRuleBuilder.ForJob(Job).Groups.Single().Rules.Where(r => r.Alert.StartsWith("AssistantDiskLatency", StringComparison.Ordinal));
        foreach (var alert in alerts)
        {
            test.Append($"  - eval_time: {minutes}m\n    alertname: {alert.Alert}\n");
            if (!firing.Contains(alert.Alert))
            {
                test.Append("    exp_alerts: []\n");
                continue;
            }

            var summary = alert.Annotations["summary"].Replace("{{ $labels.pod }}", "backup", StringComparison.Ordinal);
            test.Append($"    exp_alerts:\n    - exp_labels: {{severity: {alert.Labels["severity"]}, pod: backup}}\n");
            test.Append($"      exp_annotations: {{summary: \"{summary}\"}}\n");
        }

        File.WriteAllText(Path.Combine(folder, "test.yml"), test.ToString());
        var result = ExternalTool.Promtool.Run(["test", "rules", Path.Combine(folder, "test.yml")]);
        Assert.True(result.ExitCode == 0, $"{scenario}:\n{test}\n{result.Describe()}");
        Assert.Equal(2, alerts.Count());
    }

    private static void AppendFsyncs(StringBuilder test, string pod, int perMinute, int slowPerMinute, double slowSeconds, int minutes)
    {
        const double FastSeconds = 0.003;
        foreach (var le in RuntimeMetricBuckets.ConversationFsyncSeconds.Append(double.PositiveInfinity))
        {
            var count = (FastSeconds <= le ? perMinute - slowPerMinute : 0) + (slowSeconds <= le ? slowPerMinute : 0);
            var bound = double.IsPositiveInfinity(le) ? "+Inf" : le.ToString(CultureInfo.InvariantCulture);
            test.Append($"  - series: '{RuntimeMetricNames.ConversationFsyncDuration}_bucket{{job=\"{Job}\",pod=\"{pod}\",le=\"{bound}\"}}'\n");
            test.Append($"    values: '0+{count}x{minutes}'\n");
        }
    }
}
