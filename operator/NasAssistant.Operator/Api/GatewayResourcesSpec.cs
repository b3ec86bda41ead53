namespace NasAssistant.Operator.Api;

/// <summary>Compute resources of each gateway pod.</summary>
// Not ResourcesSpec: CRD defaults belong to a type, and an inference pod's are far larger.
public sealed class GatewayResourcesSpec
{
    /// <summary>Resources reserved for the pod (the gateway peaks near 104 MiB, see the README's memory budget).</summary>
    public ResourceAmounts Requests { get; set; } = new() { Cpu = new("50m"), Memory = new("128Mi") };

    /// <summary>Most the pod may use.</summary>
    public ResourceAmounts Limits { get; set; } = new() { Cpu = new("500m"), Memory = new("256Mi") };
}
