namespace NasAssistant.Operator.Api;

/// <summary>Compute resources of each inference pod.</summary>
public sealed class ResourcesSpec
{
    // The memory defaults come from the README's memory budget: the bundled model peaks at 248 MiB (FP32, 50
    // concurrent conversations) and its INT8 init step at 267 MiB. Chat and larger custom models set their own.

    /// <summary>Resources reserved for the pod; the autoscaler measures utilization against the CPU request.</summary>
    public ResourceAmounts Requests { get; set; } = new() { Cpu = new("500m"), Memory = new("384Mi") };

    /// <summary>Most the pod may use; inference threads are sized to the CPU limit.</summary>
    public ResourceAmounts Limits { get; set; } = new() { Cpu = new("2"), Memory = new("1Gi") };
}
