using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using Prometheus;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Per-assistant figures only the operator knows: the replica bounds it set against the replicas
/// wanted and ready, so a dashboard can show scaling headroom. The assistant's namespace is a label
/// of its own because Prometheus sets "namespace" to the operator's.
/// </summary>
internal sealed class AssistantMetrics(CollectorRegistry registry)
{
    public const string BoundLabel = "bound";

    private readonly Gauge _replicas = Metrics.WithCustomRegistry(registry).CreateGauge(
        OperatorMetricNames.AssistantReplicas,
        "Replicas of each assistant: min and max (autoscaler bounds, or the fixed count), desired and ready.",
        OperatorMetricNames.AssistantNamespaceLabel, OperatorMetricNames.AssistantLabel, BoundLabel);

    public void Observe(AssistantDeployment ad, V1Deployment? deployment, AssistantDeploymentStatus status)
    {
        var (ns, name) = (ad.Metadata.NamespaceProperty, ad.Metadata.Name);
        var spec = ad.Spec;
        _replicas.WithLabels(ns, name, "min").Set(spec.MinPods());
        _replicas.WithLabels(ns, name, "max").Set(spec.MaxPods());
        _replicas.WithLabels(ns, name, "desired").Set(deployment?.Spec?.Replicas ?? spec.MinPods());
        _replicas.WithLabels(ns, name, "ready").Set(status.ReadyReplicas ?? 0);
    }

    public void Forget(string ns, string name)
    {
        foreach (var bound in new[] { "min", "max", "desired", "ready" })
        {
            _replicas.RemoveLabelled(ns, name, bound);
        }
    }
}
