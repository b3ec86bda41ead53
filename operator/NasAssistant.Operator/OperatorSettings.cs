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

    /// <summary>
    /// Where the gateway's NetworkPolicy lets it reach the Kubernetes API (for its Lease): address ranges of the API
    /// server. NetworkPolicies see the API server's own address, not the kubernetes Service's, so this is by default
    /// every address, on <see cref="KubernetesApiPorts"/> only.
    /// </summary>
    public IReadOnlyList<string> KubernetesApiCidrs { get; init; } = ["0.0.0.0/0", "::/0"];

    /// <summary>Ports of the Kubernetes API server: 6443 on k3s and kubeadm clusters; managed clusters often serve on 443.</summary>
    public IReadOnlyList<int> KubernetesApiPorts { get; init; } = [6443];

    /// <summary>Settings are equal when every value is, the lists item by item.</summary>
    public bool Equals(OperatorSettings? other) =>
        other is not null
        && (RuntimeImage, ImagePullPolicy, ClusterDomain, MonitoringNamespace) == (other.RuntimeImage, other.ImagePullPolicy, other.ClusterDomain, other.MonitoringNamespace)
        && KubernetesApiCidrs.SequenceEqual(other.KubernetesApiCidrs, StringComparer.Ordinal)
        && KubernetesApiPorts.SequenceEqual(other.KubernetesApiPorts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RuntimeImage, ImagePullPolicy, ClusterDomain, MonitoringNamespace, KubernetesApiCidrs.Count, KubernetesApiPorts.Count);
}
