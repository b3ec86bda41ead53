using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>CPU-based horizontal autoscaling of the inference pods.</summary>
public sealed class AutoscalingSpec
{
    /// <summary>Create a HorizontalPodAutoscaler; spec.replicas is then ignored.</summary>
    public bool Enabled { get; set; }

    /// <summary>Fewest inference pods.</summary>
    [SchemaRange(1, 50)]
    public int MinReplicas { get; set; } = 1;

    /// <summary>Most inference pods.</summary>
    [SchemaRange(1, 50)]
    public int MaxReplicas { get; set; } = 3;

    /// <summary>Average CPU utilization, as a percentage of the CPU request, that the autoscaler aims for.</summary>
    [SchemaRange(1, 100)]
    public int TargetCPUUtilizationPercentage { get; set; } = 70;

    /// <summary>Seconds the autoscaler waits before removing pods after load drops.</summary>
    [SchemaRange(0, 3600)]
    public int ScaleDownStabilizationSeconds { get; set; } = 300;
}
