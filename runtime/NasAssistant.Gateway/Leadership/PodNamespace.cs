using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Leadership;

/// <summary>The namespace of the gateway's Kubernetes objects: the Lease's configured one, else the pod's own.</summary>
internal static class PodNamespace
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The namespace of <paramref name="lease"/> and of the status ConfigMap beside it.</summary>
    public static string Of(GatewayLeaseConfig lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.Namespace
            ?? (File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : "default");
    }
}
