using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;

namespace NasAssistant.Runtime.Commands;

/// <summary>The default command: serves the configured model until a shutdown signal, the reason on stderr when it cannot start.</summary>
internal static class ServeCommand
{
    /// <summary>Runs the server.</summary>
    /// <returns>0 after a clean shutdown, 1 when the server cannot start.</returns>
    public static async Task<int> RunAsync(RuntimeConfig config, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await using var server = RuntimeServer.Create(config);
            await server.StartAsync();
            await server.WaitForShutdownAsync();
            return 0;
        }
        catch (RuntimeStartupException e)
        {
            await error.WriteLineAsync($"nas-assistant: cannot start: {e.Message}");
            return 1;
        }
    }
}
