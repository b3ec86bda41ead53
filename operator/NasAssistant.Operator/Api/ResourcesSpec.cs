namespace NasAssistant.Operator.Api;

/// <summary>Compute resources of each inference pod.</summary>
public sealed class ResourcesSpec
{
    /// <summary>Resources reserved for the pod; the autoscaler measures utilization against the CPU request.</summary>
    public ResourceAmounts Requests { get; set; } = new() { Cpu = new("500m"), Memory = new("1Gi") };

    /// <summary>Most the pod may use; inference threads are sized to the CPU limit.</summary>
    public ResourceAmounts Limits { get; set; } = new() { Cpu = new("2"), Memory = new("4Gi") };
}
