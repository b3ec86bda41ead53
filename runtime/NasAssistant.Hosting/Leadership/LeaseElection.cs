using k8s.LeaderElection;
using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;

namespace NasAssistant.Hosting.Leadership;

/// <summary>
/// Runs work only while this process holds the Lease (KubernetesClient's <see cref="LeaderElector"/>
/// with an <see cref="ApiLeaseLock"/>). Losing the lease cancels the work's token at once; a replica that
/// does not lead, or no longer does, keeps trying to acquire it. A leader that shuts down cleanly hands the
/// lease back once its work has stopped, so a follower takes over at its next retry instead of after expiry
/// (the elector of KubernetesClient has no release-on-cancel of its own).
/// </summary>
public sealed partial class LeaseElection
{
    private readonly KubeApi _api;
    private readonly LeaseElectionOptions _options;
    private readonly Action<bool> _leadingChanged;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _leading;

    /// <summary>Creates the participant; <paramref name="leadingChanged"/> hears each change of <see cref="IsLeader"/> (for a metric).</summary>
    public LeaseElection(KubeApi api, LeaseElectionOptions options, Action<bool> leadingChanged, TimeProvider time, ILogger<LeaseElection> logger)
    {
        _api = api;
        _options = options;
        _leadingChanged = leadingChanged;
        _time = time;
        _logger = logger;
    }

    /// <summary>True while this process holds the Lease.</summary>
    public bool IsLeader => _leading;

    /// <summary>This process's holder identity.</summary>
    public string Identity => _options.Identity;

    /// <summary>
    /// Contends for the lease until <paramref name="cancellationToken"/> is cancelled, running
    /// <paramref name="lead"/> during each term with a token cancelled when the term ends.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var elector = new LeaderElector(new LeaderElectionConfig(new ApiLeaseLock(_api, _options.LeaseNamespace, _options.LeaseName, _options.Identity))
            {
                LeaseDuration = _options.LeaseDuration,
                RenewDeadline = _options.RenewDeadline,
                RetryPeriod = _options.RetryPeriod,
            });
            CancellationTokenSource? term = null;
            Task? work = null;
            elector.OnStartedLeading += () =>
            {
                term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                SetLeading(true);
                LogStartedLeading(_options.Identity, _options.LeaseNamespace, _options.LeaseName);
                var token = term.Token;
                work = Task.Run(() => lead(token), CancellationToken.None);
            };
            elector.OnStoppedLeading += () =>
            {
                SetLeading(false);
                term?.Cancel();
            };
            elector.OnNewLeader += leader => LogNewLeader(leader ?? string.Empty);

            try
            {
                await elector.RunUntilLeadershipLostAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down.
            }
            catch (Exception e)
            {
                LogElectionError(e.Message, e);
            }

            SetLeading(false);
            if (term is not null)
            {
                await term.CancelAsync();
                await EndTermAsync(work);
                term.Dispose();
                LogStoppedLeading(_options.Identity);
                if (cancellationToken.IsCancellationRequested)
                {
                    await ReleaseAsync();
                }
            }

            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Empties the lease's holder if it is still this replica, which makes it free to take at once.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            var path = Lease.Path(_options.LeaseNamespace).Named(_options.LeaseName);
            var lease = Lease.From(await _api.GetAsync(path, timeout.Token));
            if (lease.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            // Empty, as client-go releases a lease: electors take an empty holder as free (KubernetesClient's never takes a missing one).
            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;

            // The read resourceVersion travels with the update: if the lease changed hands meanwhile, this fails and changes nothing.
            await _api.ReplaceAsync(path, Lease.ToJson(lease), timeout.Token);
            LogReleased(_options.Identity, _options.LeaseNamespace, _options.LeaseName);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LogReleaseFailed(e.Message);
        }
    }

    private async Task EndTermAsync(Task? work)
    {
        if (work is null)
        {
            return;
        }

        try
        {
            await work;
        }
        catch (OperationCanceledException)
        {
            // The term's token ended it.
        }
        catch (Exception e)
        {
            LogTermFailed(e.Message, e);
        }
    }

    private void SetLeading(bool leading)
    {
        _leading = leading;
        _leadingChanged(leading);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader (lease {LeaseNamespace}/{LeaseName})")]
    private partial void LogStartedLeading(string identity, string leaseNamespace, string leaseName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} is no longer leader; its work stopped")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released lease {LeaseNamespace}/{LeaseName} on shutdown")]
    private partial void LogReleased(string identity, string leaseNamespace, string leaseName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lease on shutdown; it expires on its own: {Error}")]
    private partial void LogReleaseFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Current leader: {Leader}")]
    private partial void LogNewLeader(string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election failed; trying again: {Error}")]
    private partial void LogElectionError(string error, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The work failed while leading: {Error}")]
    private partial void LogTermFailed(string error, Exception exception);
}
