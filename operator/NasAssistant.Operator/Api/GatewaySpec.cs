using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>The channel gateway the operator runs when channels are named: the same image as the assistant, its own command.</summary>
public sealed class GatewaySpec
{
    /// <summary>Gateway pods: 1, or 2 for a warm standby that takes over through the Lease (one receives at a time; both stay on one node, beside their journal volume).</summary>
    [SchemaRange(1, 2)]
    public int Replicas { get; set; } = 1;

    /// <summary>CPU and memory of each gateway pod.</summary>
    public GatewayResourcesSpec Resources { get; set; } = new();

    /// <summary>StorageClass of the gateway's delivery journal volume; empty uses the cluster default.</summary>
    [SchemaPattern(NamePatterns.Dns1123Subdomain)]
    [SchemaLength(1, 253)]
    public string? StorageClassName { get; set; }

    /// <summary>
    /// HTTP proxy the gateway reaches the messengers through (HTTPS_PROXY), e.g. http://proxy.lan:3128; the assistant and
    /// the Kubernetes API are reached directly. Allow the proxy's address in the channels' egress.
    /// </summary>
    [SchemaPattern("^https?://[^\\s/]+/?$")]
    [SchemaLength(1, 256)]
    public string? HttpsProxy { get; set; }
}
