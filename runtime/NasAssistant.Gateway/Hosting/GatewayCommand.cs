using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Hosting;

/// <summary><c>runtime gateway --config FILE</c>: reads the configuration, runs the gateway until SIGTERM.</summary>
internal static class GatewayCommand
{
    /// <summary>Runs the gateway; returns the process exit code (1: bad configuration or startup failure).</summary>
    public static async Task<int> RunAsync(string configPath, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        GatewayConfig config;
        try
        {
            config = GatewayConfigYaml.Parse(await File.ReadAllTextAsync(configPath), configPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"nas-assistant gateway: configuration error: {configPath}: cannot read the configuration file: {e.Message}");
            return 1;
        }
        catch (RuntimeConfigException e)
        {
            await error.WriteLineAsync($"nas-assistant gateway: configuration error: {e.Message}");
            return 1;
        }

        try
        {
            await using var host = GatewayHost.Create(config);
            await host.StartAsync();
            await host.WaitForShutdownAsync();
            return 0;
        }
        catch (GatewayStartupException e)
        {
            await error.WriteLineAsync($"nas-assistant gateway: cannot start: {e.Message}");
            return 1;
        }
    }
}
