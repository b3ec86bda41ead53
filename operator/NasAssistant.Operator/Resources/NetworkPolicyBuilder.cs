using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>
/// Default-deny NetworkPolicy: clients from the allowed ranges and namespaces reach the API port,
/// Prometheus reaches the metrics port, and the pods may only resolve DNS and reach listed ranges.
/// </summary>
internal static class NetworkPolicyBuilder
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static V1NetworkPolicy? Build(AssistantDeployment ad, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var network = ad.Spec.Network;
        if (!network.Policy)
        {
            return null;
        }

        var apiPeers = network.AllowFrom.Cidrs.Select(cidr => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr } })
            .Concat((network.AllowFrom.Namespaces ?? []).Select(NamespacePeer))
            .ToList();
        var ingress = new List<V1NetworkPolicyIngressRule>
        {
            new()
            {
                FromProperty = [NamespacePeer(settings.MonitoringNamespace)],
                Ports = [Port(PodLayout.MetricsPortName)],
            },
        };
        // The channel gateway asks through the API port with its own key.
        if (ad.Spec.HasChannels())
        {
            apiPeers.Add(new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = Naming.GatewaySelectorLabels(ad) } });
        }

        if (apiPeers.Count > 0)
        {
            ingress.Insert(0, new() { FromProperty = apiPeers, Ports = [Port(PodLayout.ApiPortName)] });
        }

        var egress = new List<V1NetworkPolicyEgressRule> { DnsEgress() };
        if (network.AllowEgressTo.Cidrs is { Count: > 0 } cidrs)
        {
            egress.Add(new() { To = [.. cidrs.Select(cidr => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr } })] });
        }

        return Policy(ChildMetadata.For(ad, Naming.Child(ad)), Naming.SelectorLabels(ad), ingress, egress);
    }

    /// <summary>A policy for both directions over the pods with <paramref name="podLabels"/>: what the rules allow, nothing else.</summary>
    public static V1NetworkPolicy Policy(
        V1ObjectMeta metadata, Dictionary<string, string> podLabels, List<V1NetworkPolicyIngressRule> ingress, List<V1NetworkPolicyEgressRule> egress) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = metadata,
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = podLabels },
            PolicyTypes = ["Ingress", "Egress"],
            Ingress = ingress,
            Egress = egress,
        },
    };

    /// <summary>DNS to the cluster's resolver, in any namespace, over UDP and TCP.</summary>
    public static V1NetworkPolicyEgressRule DnsEgress() => new()
    {
        To = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector() }],
        Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
    };

    /// <summary>Pods in the namespace called <paramref name="name"/>.</summary>
    public static V1NetworkPolicyPeer NamespacePeer(string name) => new()
    {
        NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NamespaceNameLabel] = name } },
    };

    /// <summary>A TCP port by its name on the destination pod.</summary>
    public static V1NetworkPolicyPort Port(string name) => new() { Protocol = "TCP", Port = name };
}
