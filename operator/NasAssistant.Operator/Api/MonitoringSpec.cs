using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Prometheus Operator objects; each is skipped with a condition message when its CRD is not installed.</summary>
public sealed class MonitoringSpec
{
    /// <summary>Create a ServiceMonitor scraping the runtime's metrics port.</summary>
    public bool ServiceMonitor { get; set; } = true;

    /// <summary>Create a PrometheusRule with CPU, memory, latency, readiness and error-rate alerts.</summary>
    public bool PrometheusRule { get; set; } = true;

    /// <summary>Scrape interval of the ServiceMonitor.</summary>
    [SchemaPattern("^([0-9]+(ms|s|m|h))+$")]
    public string ScrapeInterval { get; set; } = "30s";
}
