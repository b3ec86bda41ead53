using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Hosting;

/// <summary>
/// Runs the controller for the life of the host: directly, or, with leader election, during each term
/// this replica leads. Host shutdown cancels it and waits for the reconciles in flight.
/// </summary>
internal sealed class ControllerService : BackgroundService
{
    private readonly KubeApi _client;
    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly LeaseElection? _election;
    private readonly ControllerMetrics _metrics;
    private readonly ControllerHealth _health;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;

    public ControllerService(
        KubeApi client,
        IReconciler reconciler,
        ControllerOptions options,
        ControllerMetrics metrics,
        ControllerHealth health,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        LeaseElection? election = null)
    {
        _client = client;
        _reconciler = reconciler;
        _options = options;
        _election = election;
        _metrics = metrics;
        _health = health;
        _time = time;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The controller of the current term, if any (for tests and diagnostics).</summary>
    public OperatorController? Current { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_election is null)
        {
            _metrics.SetLeader(true);
            try
            {
                await RunTermAsync(stoppingToken);
            }
            finally
            {
                _metrics.SetLeader(false);
            }

            return;
        }

        _health.StandBy();
        await _election.RunAsync(RunTermAsync, stoppingToken);
    }

    private async Task RunTermAsync(CancellationToken cancellationToken)
    {
        using var controller = new OperatorController(_client, _reconciler, _options, _metrics, _time, _loggerFactory);
        Current = controller;
        _health.Activate(controller);
        try
        {
            await controller.RunAsync(cancellationToken);
        }
        finally
        {
            Current = null;
            if (_election is not null)
            {
                _health.StandBy();
            }
        }
    }
}
