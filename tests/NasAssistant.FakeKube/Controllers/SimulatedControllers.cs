using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Switchable stand-ins for the cluster's own controllers, which an operator under test depends on:
/// Deployments rolling out pods that get scheduled and become ready, and an HPA setting replicas. They
/// write through the store (so watches see their changes) and not through HTTP (so the request log
/// counts only the client's requests).
/// </summary>
public sealed class SimulatedControllers : IAsyncDisposable
{
    private readonly ResourceStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WorkloadSimulation? _workloads;
    private HorizontalPodAutoscalerController? _hpa;

    internal SimulatedControllers(ResourceStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Deployments create pods for their replicas and roll them out as their strategy says; the pods
    /// are scheduled onto the fake nodes and become ready <paramref name="delay"/> later, and the
    /// Deployment's status follows as the real controller reports it.
    /// </summary>
    public Task EnableDeploymentReadinessAsync(TimeSpan delay) => EnableDeploymentReadinessAsync(new PodLifecycle { ReadyAfter = delay });

    /// <summary>As <see cref="EnableDeploymentReadinessAsync(TimeSpan)"/>, with pods run as <paramref name="pods"/> says.</summary>
    public async Task EnableDeploymentReadinessAsync(PodLifecycle pods)
    {
        await DisableDeploymentReadinessAsync();
        await _gate.WaitAsync();
        try
        {
            _workloads = new WorkloadSimulation(_store, _time, pods, _logger);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DisableDeploymentReadinessAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_workloads is not null)
            {
                await _workloads.DisposeAsync();
                _workloads = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Every HPA targeting a Deployment drives its spec.replicas to <paramref name="replicas"/> (clamped to
    /// the HPA's min/max). Calling it again changes the count.
    /// </summary>
    public async Task EnableHorizontalPodAutoscalingAsync(int replicas)
    {
        await _gate.WaitAsync();
        try
        {
            if (_hpa is not null)
            {
                _hpa.Replicas = replicas;
                await _hpa.DisposeAsync();
            }

            // Restarting replays every current object, so the new count is applied right away.
            _hpa = new HorizontalPodAutoscalerController(_store, _time, replicas, _logger);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DisableHorizontalPodAutoscalingAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_hpa is not null)
            {
                await _hpa.DisposeAsync();
                _hpa = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisableDeploymentReadinessAsync();
        await DisableHorizontalPodAutoscalingAsync();
        _gate.Dispose();
    }
}
