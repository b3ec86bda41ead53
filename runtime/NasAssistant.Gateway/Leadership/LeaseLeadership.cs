using k8s;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Leadership;

/// <summary>In Kubernetes: the replica holding the configured Lease leads (the election the operator uses, <see cref="LeaseElection"/>).</summary>
internal sealed class LeaseLeadership(LeaseElection election) : ILeadership
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <inheritdoc />
    public bool IsLeader => election.IsLeader;

    /// <summary>With the pod's service account, the Lease in the configured namespace or the pod's own.</summary>
    public static LeaseLeadership InCluster(GatewayLeaseConfig lease, TimeProvider time, ILogger<LeaseElection> logger)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Create(new Kubernetes(KubernetesClientConfiguration.InClusterConfig()), lease, time, logger);
    }

    /// <summary>With <paramref name="client"/> (tests use the fake API server).</summary>
    public static LeaseLeadership Create(IKubernetes client, GatewayLeaseConfig lease, TimeProvider time, ILogger<LeaseElection> logger, LeaseElectionOptions? timings = null)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var options = (timings ?? new LeaseElectionOptions { LeaseNamespace = string.Empty, LeaseName = string.Empty, Identity = string.Empty }) with
        {
            LeaseNamespace = lease.Namespace ?? PodNamespace(),
            LeaseName = lease.Name,
            Identity = LeaseElectionOptions.NewIdentity(),
        };
        return new LeaseLeadership(new LeaseElection(client, options, leading => GatewayMetrics.Leader.Set(leading ? 1 : 0), time, logger));
    }

    /// <inheritdoc />
    public Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken) =>
        election.RunAsync(lead, cancellationToken);

    private static string PodNamespace() =>
        File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : "default";
}
