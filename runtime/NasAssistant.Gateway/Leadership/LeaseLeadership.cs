using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Hosting.Kube;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Leadership;

/// <summary>
/// In Kubernetes: the replica holding the configured Lease leads (the election the operator uses, <see cref="LeaseElection"/>).
/// A missing Lease is created free and, when the configuration names the status ConfigMap, owned by it: the operator made
/// that ConfigMap for this gateway, so the Lease is garbage-collected with it when the gateway goes.
/// </summary>
internal sealed partial class LeaseLeadership : ILeadership
{
    private readonly LeaseElection _election;
    private readonly KubeApi _api;
    private readonly string _namespace;
    private readonly string _name;
    private readonly string? _owner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private LeaseLeadership(LeaseElection election, KubeApi api, string ns, string name, string? owner, TimeProvider time, ILogger logger)
    {
        _election = election;
        _api = api;
        _namespace = ns;
        _name = name;
        _owner = owner;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public bool IsLeader => _election.IsLeader;

    /// <summary>With <paramref name="api"/> (the pod's credentials, or the fake API server in tests).</summary>
    public static LeaseLeadership Create(
        KubeApi api, GatewayConfig config, TimeProvider time, ILogger<LeaseElection> logger, LeaseElectionOptions? timings = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var lease = config.Lease ?? throw new ArgumentException("the configuration names no Lease", nameof(config));
        var ns = PodNamespace.Of(lease);
        var options = (timings ?? new LeaseElectionOptions { LeaseNamespace = string.Empty, LeaseName = string.Empty, Identity = string.Empty }) with
        {
            LeaseNamespace = ns,
            LeaseName = lease.Name,
            Identity = LeaseElectionOptions.NewIdentity(),
        };
        var election = new LeaseElection(api, options, leading => GatewayMetrics.Leader.Set(leading ? 1 : 0), time, logger);
        return new LeaseLeadership(election, api, ns, lease.Name, config.StatusConfigMap, time, logger);
    }

    /// <inheritdoc />
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        await EnsureLeaseAsync(cancellationToken);
        await _election.RunAsync(lead, cancellationToken);
    }

    // Created free as a released lease is (empty holder, one second), which KubernetesClient's elector takes at once.
    private async Task EnsureLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _api.GetAsync(Lease.Path(_namespace).Named(_name), cancellationToken);
            return;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Created below.
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            LogLeaseNotChecked(_namespace, _name, e.Message);
            return;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var lease = Lease.New(_namespace, _name);
        lease.Metadata.OwnerReferences = await OwnerAsync(cancellationToken);
        lease.Spec = new V1LeaseSpec { HolderIdentity = string.Empty, LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 };
        try
        {
            await _api.CreateAsync(Lease.Path(_namespace), Lease.ToJson(lease), cancellationToken, GatewayDefaults.FieldManager);
            LogLeaseCreated(_namespace, _name, _owner ?? "nothing");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // Another replica created it first (409), or the election's own create will say what is wrong.
            LogLeaseNotCreated(_namespace, _name, e.Message);
        }
    }

    private async Task<List<V1OwnerReference>?> OwnerAsync(CancellationToken cancellationToken)
    {
        if (_owner is null)
        {
            return null;
        }

        try
        {
            var configMap = await _api.GetAsync(ResourcePath.ConfigMaps(_namespace).Named(_owner), cancellationToken);
            var uid = configMap["metadata"]?["uid"]?.GetValue<string>();
            return [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = _owner, Uid = uid }];
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            LogOwnerUnreadable(_namespace, _owner, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Lease {Namespace}/{Name}, owned by ConfigMap {Owner}")]
    private partial void LogLeaseCreated(string @namespace, string name, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not create Lease {Namespace}/{Name}: {Reason}")]
    private partial void LogLeaseNotCreated(string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read Lease {Namespace}/{Name}; the election will try: {Reason}")]
    private partial void LogLeaseNotChecked(string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read ConfigMap {Namespace}/{Name} to own the Lease; it is created without an owner: {Reason}")]
    private partial void LogOwnerUnreadable(string @namespace, string name, string reason);
}
