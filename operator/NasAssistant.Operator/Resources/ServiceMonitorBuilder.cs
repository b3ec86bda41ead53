using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Operator.Resources;

/// <summary>
/// The ServiceMonitor that has Prometheus scrape the metrics port of the assistant's Services: the inference pods',
/// and the channel gateway's when it has channels (its job is then <c>NAME-gateway</c>).
/// </summary>
internal static class ServiceMonitorBuilder
{
    public static ServiceMonitor? Build(AssistantDeployment ad)
    {
        var monitoring = ad.Spec.Monitoring;
        if (!monitoring.ServiceMonitor)
        {
            return null;
        }

        return new ServiceMonitor
        {
            Metadata = ChildMetadata.For(ad, Naming.Child(ad)),
            Spec = new ServiceMonitorSpec
            {
                Selector = new V1LabelSelector { MatchLabels = Naming.AssistantLabels(ad) },
                Endpoints = [new ServiceMonitorEndpoint { Port = PodLayout.MetricsPortName, Interval = monitoring.ScrapeInterval }],
            },
        };
    }
}
