using k8s.Models;

namespace NasAssistant.Operator.Api;

/// <summary>An amount of CPU and memory.</summary>
public sealed class ResourceAmounts
{
    /// <summary>CPU in cores or millicores, for example 500m or 2.</summary>
    public ResourceQuantity? Cpu { get; set; }

    /// <summary>Memory in bytes with an optional suffix, for example 1Gi.</summary>
    public ResourceQuantity? Memory { get; set; }
}
