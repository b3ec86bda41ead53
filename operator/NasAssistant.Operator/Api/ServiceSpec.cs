using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>The Service in front of the inference pods.</summary>
public sealed class ServiceSpec
{
    /// <summary>ClusterIP, NodePort or LoadBalancer (k3s ServiceLB or MetalLB).</summary>
    public ServiceKind Type { get; set; } = ServiceKind.ClusterIP;

    /// <summary>Port of the API on the Service.</summary>
    [SchemaRange(1, 65535)]
    public int Port { get; set; } = 5000;

    /// <summary>Fixed node port for NodePort and LoadBalancer Services; empty lets Kubernetes choose.</summary>
    [SchemaRange(30000, 32767)]
    public int? NodePort { get; set; }
}
