using k8s.Autorest;
using k8s.LeaderElection;
using k8s.Models;
using NasAssistant.Hosting.Kube;

namespace NasAssistant.Hosting.Leadership;

/// <summary>
/// The Lease as KubernetesClient's <see cref="LeaderElector"/> reads and writes it, through <see cref="KubeApi"/> (a port of
/// its LeaseLock and MetaObjectLock): each update carries the resourceVersion last read or written, so two electors never
/// both win; a refused write is a lost round, not an error.
/// </summary>
internal sealed class ApiLeaseLock(KubeApi api, string ns, string name, string identity) : ILock
{
    // A spec's default when it gives none (LeaseLock.GetLeaderElectionRecord).
    private const int DefaultLeaseDurationSeconds = 15;

    private readonly ResourcePath _leases = Lease.Path(ns);
    private V1Lease? _last;

    public string Identity => identity;

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        var lease = Lease.From(await api.GetAsync(_leases.Named(name), cancellationToken));
        Interlocked.Exchange(ref _last, lease);
        var spec = lease.Spec ?? new V1LeaseSpec();
        return new LeaderElectionRecord
        {
            AcquireTime = spec.AcquireTime,
            HolderIdentity = spec.HolderIdentity,
            LeaderTransitions = spec.LeaseTransitions ?? 0,
            LeaseDurationSeconds = spec.LeaseDurationSeconds ?? DefaultLeaseDurationSeconds,
            RenewTime = spec.RenewTime,
        };
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        var lease = WithRecord(Lease.New(ns, name), record);
        try
        {
            Interlocked.Exchange(ref _last, Lease.From(await api.CreateAsync(_leases, Lease.ToJson(lease), cancellationToken)));
            return true;
        }
        catch (HttpOperationException)
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        var last = Interlocked.CompareExchange(ref _last, null, null)
            ?? throw new InvalidOperationException("the lease was neither read nor created before its update");
        try
        {
            var written = await api.ReplaceAsync(_leases.Named(name), Lease.ToJson(WithRecord(last, record)), cancellationToken);
            Interlocked.Exchange(ref _last, Lease.From(written));
            return true;
        }
        catch (HttpOperationException)
        {
            return false;
        }
    }

    public string Describe() => $"{ns}/{name}";

    private static V1Lease WithRecord(V1Lease lease, LeaderElectionRecord record)
    {
        lease.Spec = new V1LeaseSpec
        {
            AcquireTime = record.AcquireTime,
            HolderIdentity = record.HolderIdentity,
            LeaseTransitions = record.LeaderTransitions,
            LeaseDurationSeconds = record.LeaseDurationSeconds,
            RenewTime = record.RenewTime,
        };
        return lease;
    }
}
