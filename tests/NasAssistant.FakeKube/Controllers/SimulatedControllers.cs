using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Switchable stand-ins for the cluster's own controllers, which an operator under test depends on:
/// Deployments becoming ready, and an HPA setting replicas. They write through the store (so watches
/// see their changes) and not through HTTP (so the request log counts only the client's requests).
/// </summary>
public sealed class SimulatedControllers : IAsyncDisposable
{
    private readonly ResourceStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DeploymentReadinessController? _deployments;
    private HorizontalPodAutoscalerController? _hpa;

    internal SimulatedControllers(ResourceStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Deployments report the new generation as progressing at once and become fully ready
    /// (ready/updated/available = spec.replicas, Available=True) after <paramref name="delay"/>.
    /// </summary>
    public async Task EnableDeploymentReadinessAsync(TimeSpan delay)
    {
        await DisableDeploymentReadinessAsync();
        await _gate.WaitAsync();
        try
        {
            _deployments = new DeploymentReadinessController(_store, _time, delay, _logger);
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
            if (_deployments is not null)
            {
                await _deployments.DisposeAsync();
                _deployments = null;
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
