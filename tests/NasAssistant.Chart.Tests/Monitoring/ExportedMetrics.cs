using System.Reflection;
using NasAssistant.Operator.Controller;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Chart.Tests.Monitoring;

/// <summary>Metric names the operator and the runtime register in code, plus Prometheus' own <c>up</c>.</summary>
internal static class ExportedMetrics
{
    /// <summary>Histograms, whose series are queried with the _bucket, _sum and _count suffixes.</summary>
    public static IReadOnlySet<string> Histograms { get; } = new HashSet<string>
    {
        RuntimeMetricNames.HttpRequestDuration,
        RuntimeMetricNames.InferenceDuration,
        RuntimeMetricNames.BatchSize,
        RuntimeMetricNames.ConversationFsyncDuration,
        RuntimeMetricNames.GatewayReplyDuration,
        OperatorMetricNames.ReconcileDurationSeconds,
    };

    public static IReadOnlySet<string> Names { get; } = typeof(RuntimeMetricNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Concat(OperatorMetricNames.All)
        .Append("up")
        .ToHashSet();

    public static bool IsExported(string series)
    {
        if (Names.Contains(series))
        {
            return true;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal) && Histograms.Contains(series[..^suffix.Length]))
            {
                return true;
            }
        }

        return false;
    }
}
