using k8s;

namespace NasAssistant.Operator.Hosting;

/// <summary>Finds the cluster to talk to and the operator's own namespace.</summary>
internal static class KubernetesConnection
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>
    /// In a pod with no <c>--kubeconfig</c>: the in-cluster config. Otherwise the given kubeconfig (or
    /// $KUBECONFIG, or ~/.kube/config) with the given context or its current one.
    /// </summary>
    /// <exception cref="k8s.Exceptions.KubeConfigException">The kubeconfig is missing or names no usable context.</exception>
    public static KubernetesClientConfiguration Configure(RunOptions options)
    {
        if (options.Kubeconfig is null && options.Context is null && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var paths = KubeconfigFiles.Paths(options.Kubeconfig, Environment.GetEnvironmentVariable("KUBECONFIG"), KubernetesClientConfiguration.KubeConfigDefaultLocation);
        return KubeconfigConnection.Build(KubeconfigFiles.Load(paths), options.Context);
    }

    /// <summary>The namespace the Lease lives in when none is given: the pod's own, else <c>default</c>.</summary>
    public static string DefaultLeaseNamespace()
    {
        if (Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns)
        {
            return ns;
        }

        try
        {
            return File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : "default";
        }
        catch (IOException)
        {
            return "default";
        }
    }
}
