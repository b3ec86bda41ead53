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

        var ports = new List<V1ServicePort> { HttpPort(PodLayout.MetricsPortName, GatewayPodLayout.StatusPort, GatewayPodLayout.StatusPortName) };
        if (ad.Spec.Channels!.Any(ChannelSecrets.TakesWebhooks))
        {
            ports.Add(HttpPort(GatewayPodLayout.WebhookPortName, GatewayPodLayout.WebhookPort, GatewayPodLayout.WebhookPortName));
        }

        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.ForGateway(ad, Naming.Gateway(ad)),
            Spec = new V1ServiceSpec { Type = "ClusterIP", Selector = Naming.GatewaySelectorLabels(ad), Ports = ports },
        };
    }

    private static V1ServicePort HttpPort(string name, int port, string containerPort) =>
        new() { Name = name, Port = port, TargetPort = containerPort, Protocol = "TCP", AppProtocol = "http" };
}
