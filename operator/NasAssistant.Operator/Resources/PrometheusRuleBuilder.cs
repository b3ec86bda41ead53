using System.Globalization;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources.ThirdParty;
using static NasAssistant.Runtime.Config.RuntimeMetricNames;

namespace NasAssistant.Operator.Resources;

/// <summary>
/// Alerts for one assistant, on the runtime's own metrics: CPU and memory against the container's
/// limits and the conversation store's fsync p99 (each warning and critical), p99 latency over the
/// 200 ms promise, model not ready, errors. The same rules serve a PrometheusRule in Kubernetes and a
/// plain rule file for runtimes Prometheus scrapes under a job of their own (docker-compose).
/// </summary>
internal static class PrometheusRuleBuilder
{
    public const double CpuWarning = 0.70;
    public const double CpuCritical = 0.90;
    public const double MemoryWarning = 0.80;
    public const double MemoryCritical = 0.95;
    public const double LatencyP99Seconds = 0.200;
    public const double DiskLatencyWarningSeconds = 0.050;
    public const double DiskLatencyCriticalSeconds = 0.200;
    public const double ErrorRatio = 0.05;

    // Prometheus fills in the alerting series' pod when it sends the alert.
    private const string Pod = "{{ $labels.pod }}";

    public static PrometheusRule? Build(AssistantDeployment ad)
    {
        if (!ad.Spec.Monitoring.PrometheusRule)
        {
            return null;
        }

        return new PrometheusRule
        {
            Metadata = ChildMetadata.For(ad, Naming.Child(ad)),
            Spec = new PrometheusRuleSpec { Groups = [Group(ad.Metadata.Name, Selector(ad))] },
        };
    }

    /// <summary>The rules for runtimes that Prometheus scrapes under <paramref name="job"/>, outside Kubernetes.</summary>
    public static PrometheusRuleSpec ForJob(string job) => new() { Groups = [Group(job, $"job=\"{job}\"")] };

    private static PrometheusRuleGroup Group(string name, string s)
    {
        var cpu = $"sum by (pod) (rate({ProcessCpuSeconds}{{{s}}}[5m])) / max by (pod) ({CpuLimitCores}{{{s}}})";
        var memory = $"max by (pod) ({ProcessResidentMemory}{{{s}}}) / max by (pod) ({MemoryLimitBytes}{{{s}}})";
        var p99 = $"histogram_quantile(0.99, sum by (le) (rate({HttpRequestDuration}_bucket{{{s}}}[5m])))";
        var fsyncP99 = $"histogram_quantile(0.99, sum by (pod, le) (rate({ConversationFsyncDuration}_bucket{{{s}}}[5m])))";
        var errors = $"sum(rate({HttpRequests}{{{s},status=~\"5..\"}}[5m])) / sum(rate({HttpRequests}{{{s}}}[5m]))";
        return new PrometheusRuleGroup
        {
            Name = $"{Naming.ProductName}.{name}",
            Rules =
            [
                .. ThresholdPair("Cpu", cpu, CpuWarning, CpuCritical,
                    $"Assistant {name}: pod {Pod} uses over 70% of its CPU limit.",
                    $"Assistant {name}: pod {Pod} uses over 90% of its CPU limit; answers will slow down."),
                .. ThresholdPair("Memory", memory, MemoryWarning, MemoryCritical,
                    $"Assistant {name}: pod {Pod} uses over 80% of its memory limit.",
                    $"Assistant {name}: pod {Pod} uses over 95% of its memory limit and may be OOM-killed."),
                .. ThresholdPair("DiskLatency", fsyncP99, DiskLatencyWarningSeconds, DiskLatencyCriticalSeconds,
                    $"Assistant {name}: pod {Pod} waits over 50 ms (p99) for the conversation store's disk to confirm a write.",
                    $"Assistant {name}: pod {Pod} waits over 200 ms (p99) for the conversation store's disk to confirm a write; every stored turn slows down."),
                Alert("AssistantLatencyHigh", $"{p99} > {Number(LatencyP99Seconds)}", "10m", "warning",
                    $"Assistant {name}: p99 request latency is above 200 ms."),
                Alert("AssistantModelNotReady", $"max by (pod) ({ModelReady}{{{s}}}) == 0", "5m", "critical",
                    $"Assistant {name}: the model on pod {Pod} is not loaded or failed verification."),
                Alert("AssistantErrorRateHigh", $"{errors} > {Number(ErrorRatio)}", "10m", "warning",
                    $"Assistant {name}: more than 5% of requests fail with a server error."),
            ],
        };
    }

    // A warning that must hold 10 minutes and a critical alert that must hold 5, on one quantity.
    private static PrometheusAlert[] ThresholdPair(string subject, string quantity, double warning, double critical, string warningSummary, string criticalSummary) =>
    [
        Alert($"Assistant{subject}High", $"{quantity} > {Number(warning)}", "10m", "warning", warningSummary),
        Alert($"Assistant{subject}Critical", $"{quantity} > {Number(critical)}", "5m", "critical", criticalSummary),
    ];

    // Prometheus labels every scraped series with the Service's job and namespace.
    private static string Selector(AssistantDeployment ad) =>
        ad.Metadata.NamespaceProperty is { } ns
            ? $"job=\"{Naming.Service(ad)}\",namespace=\"{ns}\""
            : $"job=\"{Naming.Service(ad)}\"";

    private static PrometheusAlert Alert(string name, string expr, string duration, string severity, string summary) => new()
    {
        Alert = name,
        Expr = expr,
        For = duration,
        Labels = new() { ["severity"] = severity },
        Annotations = new() { ["summary"] = summary },
    };

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
