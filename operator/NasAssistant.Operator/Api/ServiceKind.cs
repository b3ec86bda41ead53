using System.Text.Json.Serialization;

namespace NasAssistant.Operator.Api;

/// <summary>Service types.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceKind>))]
public enum ServiceKind
{
    /// <summary>Reachable inside the cluster only.</summary>
    ClusterIP,

    /// <summary>Also reachable on every node's port.</summary>
    NodePort,

    /// <summary>Also reachable on a load-balancer address.</summary>
    LoadBalancer,
}
