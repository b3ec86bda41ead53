using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>
/// The gateway's Service, on the active pod only (the only ready one): its metrics for the assistant's
/// ServiceMonitor, and the webhooks port a webhook Ingress routes to when a channel takes webhooks.
/// </summary>
internal static class GatewayServiceBuilder
{
    public static V1Service? Build(AssistantDeployment ad)
    {
        if (!ad.Spec.HasChannels())
        {
            return null;
        }

        var ports = new List<V1ServicePort>
        {
            new() { Name = PodLayout.MetricsPortName, Port = GatewayPodLayout.StatusPort, TargetPort = GatewayPodLayout.StatusPortName, Protocol = "TCP", AppProtocol = "http" },
        };
        if (ad.Spec.Channels!.Any(ChannelSecrets.TakesWebhooks))
        {
            ports.Add(new() { Name = GatewayPodLayout.WebhookPortName, Port = GatewayPodLayout.WebhookPort, TargetPort = GatewayPodLayout.WebhookPortName, Protocol = "TCP", AppProtocol = "http" });
        }

        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.ForGateway(ad, Naming.Gateway(ad)),
            Spec = new V1ServiceSpec { Type = "ClusterIP", Selector = Naming.GatewaySelectorLabels(ad), Ports = ports },
        };
    }
}
