using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Runs a simulated controller: feeds it every change to the kinds it observes until disposed.
/// </summary>
internal sealed partial class ControllerLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly WatchSubscription _subscription;
    private readonly Task _loop;
    private readonly ILogger _logger;
    private readonly string _name;

    public ControllerLoop(string name, ResourceStore store, Func<ResourceType, bool> observes, Func<WatchEvent, CancellationToken, Task> handle, ILogger logger)
    {
        _name = name;
        _logger = logger;
        _subscription = store.Observe(observes);
        _loop = Task.Run(() => RunAsync(handle));
    }

    public CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }

        _subscription.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(Func<WatchEvent, CancellationToken, Task> handle)
    {
        await foreach (var change in _subscription.Reader.ReadAllAsync(_stop.Token))
        {
            try
            {
                await handle(change, _stop.Token);
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
