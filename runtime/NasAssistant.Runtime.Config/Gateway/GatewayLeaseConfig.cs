namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>The Lease that elects the gateway's one active instance, with the pod's in-cluster credentials.</summary>
public sealed record GatewayLeaseConfig
{
    /// <summary>Name of the Lease (created when missing).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Namespace of the Lease; empty means the pod's own namespace.</summary>
    public string? Namespace { get; init; }
}
