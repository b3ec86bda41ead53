using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Runs a simulated controller: feeds it every change to the kinds it observes, and any work posted
/// to it, one item at a time and in order, until disposed.
/// </summary>
internal sealed partial class ControllerLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<Func<CancellationToken, Task>> _work = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WatchSubscription _subscription;
    private readonly Task _pump;
    private readonly Task _loop;
    private readonly ILogger _logger;
    private readonly string _name;

    public ControllerLoop(string name, ResourceStore store, Func<ResourceType, bool> observes, Func<WatchEvent, CancellationToken, Task> handle, ILogger logger)
    {
        _name = name;
        _logger = logger;
        _subscription = store.Observe(observes);
        _pump = Task.Run(() => PumpAsync(handle));
        _loop = Task.Run(RunAsync);
    }

    public CancellationToken Stopping => _stop.Token;

    /// <summary>Queues work to run on the loop after what is already queued (timers use it to come back).</summary>
    public void Post(Action work) => _work.Writer.TryWrite(_ =>
    {
        work();
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in new[] { _pump, _loop })
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // Expected on shutdown.
            }
        }

        _subscription.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync(Func<WatchEvent, CancellationToken, Task> handle)
    {
        await foreach (var change in _subscription.Reader.ReadAllAsync(_stop.Token))
        {
            _work.Writer.TryWrite(token => handle(change, token));
        }
    }

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync(_stop.Token))
        {
            try
            {
                await work(_stop.Token);
            }
            catch (KubeApiException e)
            {
                // The object went away or changed under us; the next event brings the new state.
                LogSkipped(_logger, _name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Simulated {Controller} skipped a change: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string controller, string reason);
}
