using k8s.Models;

namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>Services and ports a ServiceMonitor scrapes.</summary>
public sealed class ServiceMonitorSpec
{
    /// <summary>Services to scrape.</summary>
    public V1LabelSelector Selector { get; set; } = new();

    /// <summary>Ports to scrape.</summary>
    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}
