using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>The Service a webhook Ingress routes to: the gateway's webhooks port, on the active pod only (the only ready one).</summary>
internal static class GatewayServiceBuilder
{
    public static V1Service? Build(AssistantDeployment ad) =>
        (ad.Spec.Channels ?? []).Any(ChannelSecrets.TakesWebhooks)
            ? new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = ChildMetadata.ForGateway(ad, Naming.Gateway(ad)),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = Naming.GatewaySelectorLabels(ad),
                    Ports =
                    [
                        new V1ServicePort
                        {
                            Name = GatewayPodLayout.WebhookPortName,
                            Port = GatewayPodLayout.WebhookPort,
                            TargetPort = GatewayPodLayout.WebhookPortName,
                            Protocol = "TCP",
                            AppProtocol = "http",
                        },
                    ],
                },
            }
            : null;
}
