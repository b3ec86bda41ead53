namespace NasAssistant.Operator.Tests.Controller;

/// <summary>A task started with its own cancellation; disposing cancels it and waits (bounded) for it to end.</summary>
internal sealed class BackgroundRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public BackgroundRun(Func<CancellationToken, Task> run) => Task = Task.Run(() => run(_stop.Token));

    public Task Task { get; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Task.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
