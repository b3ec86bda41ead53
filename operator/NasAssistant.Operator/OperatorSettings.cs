namespace NasAssistant.Operator;

/// <summary>Settings of the operator installation that shape what it builds (set by the Helm chart or flags).</summary>
public sealed record OperatorSettings
{
    /// <summary>Runtime image used when an AssistantDeployment names none.</summary>
    public const string DefaultRuntimeImage = "ghcr.io/nas-assistant/runtime:0.1.0";

    /// <summary>Runtime image used when an AssistantDeployment names none.</summary>
    public string RuntimeImage { get; init; } = DefaultRuntimeImage;

    /// <summary>Pull policy of the runtime image.</summary>
    public string ImagePullPolicy { get; init; } = "IfNotPresent";

    /// <summary>DNS domain of the cluster, used in certificate names and the endpoint.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>Namespace of Prometheus, admitted to the metrics port by the NetworkPolicy.</summary>
    public string MonitoringNamespace { get; init; } = "monitoring";
}
