using k8s;
using k8s.Models;

namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>Prometheus Operator's PrometheusRule (monitoring.coreos.com/v1), the fields the operator sets.</summary>
public sealed class PrometheusRule : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Name of the CRD that must exist before PrometheusRules can be created.</summary>
    public const string CrdName = "prometheusrules.monitoring.coreos.com";

    /// <inheritdoc/>
    public string ApiVersion { get; set; } = ServiceMonitor.GroupVersion;

    /// <inheritdoc/>
    public string Kind { get; set; } = "PrometheusRule";

    /// <inheritdoc/>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Rule groups.</summary>
    public PrometheusRuleSpec Spec { get; set; } = new();
}
