using Microsoft.Extensions.Hosting;

namespace NasAssistant.Hosting;

/// <summary>A host lifetime that ignores process signals, for servers embedded in another process.</summary>
public sealed class ManualLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
