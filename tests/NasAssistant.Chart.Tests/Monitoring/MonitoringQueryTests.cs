using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Chart.Tests.Chart;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Resources.ThirdParty;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Chart.Tests.Monitoring;

/// <summary>Every query in the dashboard and the alert rules reads only metrics the code exports.</summary>
public sealed class MonitoringQueryTests
{
    private static JsonObject Dashboard() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "files", "dashboard.json")))!.AsObject();

    private static IEnumerable<string> DashboardQueries(JsonObject dashboard) =>
        dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray().Select(t => t!["expr"]!.GetValue<string>()))
            .Concat(dashboard["templating"]!["list"]!.AsArray()
                .Where(v => v!["type"]!.GetValue<string>() == "query")
                .Select(v => SelectorOfLabelValues(v!["query"]!["query"]!.GetValue<string>())));

    // Grafana's label_values(selector, label): the selector is PromQL, the label is not a metric.
    private static string SelectorOfLabelValues(string query)
    {
        Assert.StartsWith("label_values(", query, StringComparison.Ordinal);
        return query["label_values(".Length..query.LastIndexOf(',')];
    }

    private static void AssertOnlyExported(IEnumerable<string> queries)
    {
        var list = queries.ToList();
        Assert.NotEmpty(list);
        foreach (var query in list)
        {
            var names = PromQlMetricNames.Of(query);
            Assert.True(names.Count > 0, $"no metric found in: {query}");
            Assert.All(names, name => Assert.True(ExportedMetrics.IsExported(name), $"'{name}' in `{query}` is not a metric the operator or runtime exports"));
        }
    }

    [Theory]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(nas_assistant_http_request_duration_seconds_bucket{job=\"a\",x=~\"5..\"}[5m])))", new[] { "nas_assistant_http_request_duration_seconds_bucket" })]
    [InlineData("sum by (pod) (rate(process_cpu_seconds_total{job=\"a\"}[$__rate_interval])) / max by (pod) (nas_assistant_cpu_limit_cores)", new[] { "process_cpu_seconds_total", "nas_assistant_cpu_limit_cores" })]
    [InlineData("absent(up{job=\"x\"} == 1) or vector(0) > bool 5", new[] { "up" })]
    [InlineData("sum(rate(a_total{x=\"1\"}[5m])) / on (pod) group_left b_total", new[] { "a_total", "b_total" })]
    public void Extractor_FindsTheMetricNames(string query, string[] expected)
    {
        Assert.Equal(expected, PromQlMetricNames.Of(query));
    }

    [Fact]
    public void Check_RejectsAMetricNobodyExports()
    {
        Assert.False(ExportedMetrics.IsExported("nas_assistant_conversations_bytes"));
        Assert.False(ExportedMetrics.IsExported(RuntimeMetricNames.QueueDepth + "_bucket"));
        Assert.True(ExportedMetrics.IsExported(RuntimeMetricNames.BatchSize + "_bucket"));
    }

    [Fact]
    public void Dashboard_ParsesWithUniquePanelIdsAndAnAssistantVariable()
    {
        var dashboard = Dashboard();
        Assert.Equal("nas-assistant", dashboard["uid"]!.GetValue<string>());
        var ids = dashboard["panels"]!.AsArray().Select(p => p!["id"]!.GetValue<int>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => v!["name"]!.GetValue<string>());
        Assert.Equal(["datasource", "namespace", "assistant"], variables);
    }

    [Fact]
    public void Dashboard_ShowsEveryPerAssistantView_FilteredToTheChosenAssistant()
    {
        var dashboard = Dashboard();
        var titles = dashboard["panels"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()).ToList();
        Assert.Subset(titles.ToHashSet(), new HashSet<string>
        {
            "Request rate", "Latency p50 / p95 / p99", "Batch size", "Queue depth", "CPU vs limit", "Memory vs limit", "Replicas", "Model ready",
            "Conversation store size", "Conversation store fsync p99",
            "Channel messages", "Channel reply latency p95", "Channel errors", "Channels ready",
        });
        var panelQueries = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray().Select(t => t!["expr"]!.GetValue<string>()));

        // Runtime series carry the assistant's Service as job (the gateway's: NAME-gateway); the operator's per-assistant series name it.
        Assert.All(panelQueries, q => Assert.True(
            q.Contains("job=\"$assistant\"", StringComparison.Ordinal) || q.Contains("job=\"$assistant-gateway\"", StringComparison.Ordinal)
            || q.Contains("assistant=\"$assistant\"", StringComparison.Ordinal), q));
        var replicas = dashboard["panels"]!.AsArray().Single(p => p!["title"]!.GetValue<string>() == "Replicas")!["targets"]!.AsArray()
            .Select(t => t!["expr"]!.GetValue<string>()).ToList();
        foreach (var bound in new[] { "min", "max", "desired", "ready" })
        {
            Assert.Contains(replicas, q => q.Contains(Operator.Controller.OperatorMetricNames.AssistantReplicas, StringComparison.Ordinal)
                && q.Contains($"bound=\"{bound}\"", StringComparison.Ordinal));
        }
        var all = string.Join("\n", panelQueries);
        foreach (var quantile in new[] { "0.5", "0.95", "0.99" })
        {
            Assert.Contains($"histogram_quantile({quantile}, sum by (le) (rate({RuntimeMetricNames.HttpRequestDuration}_bucket", all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DashboardQueries_ReadOnlyExportedMetrics() => AssertOnlyExported(DashboardQueries(Dashboard()));

    [Theory]
    [InlineData("helm4")]
    [InlineData("helm3")]
    public void ChartPrometheusRule_ReadsOnlyExportedMetrics(string helm)
    {
        var rule = RenderedChart.Render(helm, ChartValueSets.MonitoringOn).Single<PrometheusRule>();
        var alerts = rule.Spec.Groups.SelectMany(g => g.Rules).ToList();
        AssertOnlyExported(alerts.Select(a => a.Expr));
        Assert.Contains(alerts, a => a.Expr.Contains(Operator.Controller.OperatorMetricNames.Leader, StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Expr.Contains(Operator.Controller.OperatorMetricNames.QueueDepth, StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Expr.Contains(Operator.Controller.OperatorMetricNames.ReconcileTotal, StringComparison.Ordinal)
            && a.Expr.Contains($"{Operator.Controller.OperatorMetricNames.ResultLabel}=\"{Operator.Controller.OperatorMetricNames.ResultError}\"", StringComparison.Ordinal));
        Assert.All(alerts, a => Assert.Contains("job=\"nas-nas-assistant-operator-metrics\"", a.Expr, StringComparison.Ordinal));
    }

    [Fact]
    public void OperatorRenderedPrometheusRule_ReadsOnlyExportedMetrics()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Path("examples", "full.yaml"));
        var document = Operator.Rendering.YamlDocuments.Parse(yaml).Single();
        var resource = Operator.Validation.AssistantDeploymentValidator.Validate(document).Resource!;
        var rule = PrometheusRuleBuilder.Build(resource)!;
        AssertOnlyExported(rule.Spec.Groups.SelectMany(g => g.Rules).Select(a => a.Expr));
    }

    [Fact]
    public void DashboardFile_IsCompactEnoughForAConfigMap()
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.Chart, "files", "dashboard.json"));
        Assert.True(bytes.Length < 256 * 1024, "ConfigMaps hold at most 1 MiB; keep the dashboard small");
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }
}
