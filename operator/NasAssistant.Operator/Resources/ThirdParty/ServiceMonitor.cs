using k8s;
using k8s.Models;

namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>Prometheus Operator's ServiceMonitor (monitoring.coreos.com/v1), the fields the operator sets.</summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>API group and version.</summary>
    public const string GroupVersion = "monitoring.coreos.com/v1";

    /// <summary>Name of the CRD that must exist before ServiceMonitors can be created.</summary>
    public const string CrdName = "servicemonitors.monitoring.coreos.com";

    /// <inheritdoc/>
    public string ApiVersion { get; set; } = GroupVersion;

    /// <inheritdoc/>
    public string Kind { get; set; } = "ServiceMonitor";

    /// <inheritdoc/>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What to scrape.</summary>
    public ServiceMonitorSpec Spec { get; set; } = new();
}
