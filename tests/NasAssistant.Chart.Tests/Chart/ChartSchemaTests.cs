using NasAssistant.Chart.Tests.Tools;

namespace NasAssistant.Chart.Tests.Chart;

/// <summary>values.schema.json rejects bad values at install time, naming the value and the rule (hints: alternatives split by |, as helm 3 and 4 word them differently).</summary>
public sealed class ChartSchemaTests
{
    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var helm in ExternalTool.Helms.Keys)
        {
            data.Add(helm, "replicaCount: -1\n", "replicaCount", "0");
            data.Add(helm, "replicaCount: 1.5\n", "replicaCount", "integer");
            data.Add(helm, "logLevel: Verbose\n", "logLevel", "Information");
            data.Add(helm, "image: {tag: 1.2}\n", "tag", "string");
            data.Add(helm, "image: {tag: [latest]}\n", "tag", "string");
            data.Add(helm, "watchNamespace: Not_A_Namespace\n", "watchNamespace", "pattern");
            data.Add(helm, "logFormat: xml\n", "logFormat", "json");
            data.Add(helm, "metrics: {port: 70000}\n", "port", "maximum|less than or equal");
            data.Add(helm, "replicas: 2\n", "replicas", "additional");
            data.Add(helm, "serviceMonitor: {enable: true}\n", "enable", "additional");
            data.Add(helm, "resources: {limits: {memory: lots}}\n", "memory", "pattern");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidValues_FailWithAMessageNamingTheValue(string helm, string values, string field, string hint)
    {
        var result = RenderedChart.Template(ExternalTool.Helms[helm], values);
        Assert.True(result.ExitCode != 0, "expected a schema error: " + result.Describe());
        Assert.Contains("values don't meet the specifications of the schema", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(field, result.StandardError, StringComparison.Ordinal);
        Assert.True(
            hint.Split('|').Any(h => result.StandardError.Contains(h, StringComparison.OrdinalIgnoreCase)),
            $"expected '{hint}' in: {result.StandardError}");
    }
}
