using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>
/// The gateway pod's NetworkPolicy (with network.policy): out to DNS, the assistant's API port, the Kubernetes API (its
/// Lease) and the channels' egress ranges (an MQTT channel's on its broker's port only), and nowhere else; in to its webhooks port (when a channel takes webhooks,
/// from anywhere, since each request carries the platform's secret or signature) and Prometheus to its status port.
/// The inference pods' own policy grants them none of these ranges.
/// </summary>
internal static class GatewayNetworkPolicyBuilder
{
    public static V1NetworkPolicy? Build(AssistantDeployment ad, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!ad.Spec.HasChannels() || !ad.Spec.Network.Policy)
        {
            return null;
        }

        var channels = ad.Spec.Channels!;
        var ingress = new List<V1NetworkPolicyIngressRule>
        {
            new()
            {
                FromProperty = [NetworkPolicyBuilder.NamespacePeer(settings.MonitoringNamespace)],
                Ports = [NetworkPolicyBuilder.Port(GatewayPodLayout.StatusPortName)],
            },
        };
        if (channels.Any(ChannelSecrets.TakesWebhooks))
        {
            ingress.Add(new() { Ports = [NetworkPolicyBuilder.Port(GatewayPodLayout.WebhookPortName)] });
        }

        var egress = new List<V1NetworkPolicyEgressRule>
        {
            NetworkPolicyBuilder.DnsEgress(),
            new()
            {
                To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = Naming.SelectorLabels(ad) } }],
                Ports = [NetworkPolicyBuilder.Port(PodLayout.ApiPortName)],
            },
            new()
            {
                To = [.. settings.KubernetesApiCidrs.Select(Block)],
                Ports = [.. settings.KubernetesApiPorts.Select(port => new V1NetworkPolicyPort { Protocol = "TCP", Port = port })],
            },
        };
        // A messenger's API (or the proxy before it) on any port; an MQTT broker, reached directly, on its port only.
        foreach (var port in channels.Select(BrokerPort).Distinct().Order())
        {
            var ranges = channels.Where(c => BrokerPort(c) == port).SelectMany(c => c.Egress?.Cidrs ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (ranges.Count > 0)
            {
                egress.Add(new()
                {
                    To = [.. ranges.Select(Block)],
                    Ports = port is { } broker ? [new V1NetworkPolicyPort { Protocol = "TCP", Port = broker }] : null,
                });
            }
        }

        return NetworkPolicyBuilder.Policy(ChildMetadata.ForGateway(ad, Naming.Gateway(ad)), Naming.GatewaySelectorLabels(ad), ingress, egress);
    }

    private static int? BrokerPort(ChannelSpec channel) =>
        channel.Mqtt is { } mqtt ? mqtt.Port ?? MqttChannelConfig.DefaultPort(mqtt.Tls is not null) : null;

    private static V1NetworkPolicyPeer Block(string cidr) => new() { IpBlock = new V1IPBlock { Cidr = cidr } };
}
