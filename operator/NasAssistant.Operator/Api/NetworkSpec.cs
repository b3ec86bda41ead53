namespace NasAssistant.Operator.Api;

/// <summary>Network access to and from the inference pods.</summary>
public sealed class NetworkSpec
{
    /// <summary>Create a default-deny NetworkPolicy that admits only the sources below.</summary>
    public bool Policy { get; set; } = true;

    /// <summary>Who may reach the API port.</summary>
    public AllowFromSpec AllowFrom { get; set; } = new();

    /// <summary>Where the pods may connect besides cluster DNS.</summary>
    public AllowEgressSpec AllowEgressTo { get; set; } = new();
}
