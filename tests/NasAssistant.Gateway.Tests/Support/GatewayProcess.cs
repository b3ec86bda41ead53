using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Gateway.Channels;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Support;

/// <summary>The gateway as a real process (<c>runtime gateway --config</c>) on free loopback ports, for what needs one: SIGKILL.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly RuntimeProcess _process;

    private GatewayProcess(RuntimeProcess process, Uri status, Uri webhook)
    {
        _process = process;
        StatusAddress = status;
        WebhookAddress = webhook;
    }

    /// <summary>The status page.</summary>
    public Uri StatusAddress { get; }

    /// <summary>The first channel's webhook.</summary>
    public Uri WebhookAddress { get; }

    /// <summary>Writes <paramref name="config"/> (with free ports) into <paramref name="directory"/> and starts the gateway on it.</summary>
    public static GatewayProcess Start(TempDirectory directory, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(config);
        var (statusPort, webhookPort) = RuntimeProcess.TwoFreePorts();
        var file = directory.File($"gateway-{statusPort}.yaml");
        File.WriteAllText(file, GatewayConfigYaml.Serialize(config with { Server = config.Server with { StatusPort = statusPort, WebhookPort = webhookPort } }));
        return new GatewayProcess(
            RuntimeProcess.Start("gateway", "--config", file),
            new Uri($"http://127.0.0.1:{statusPort}{GatewayDefaults.StatusPath}"),
            new Uri($"http://127.0.0.1:{webhookPort}{GatewayDefaults.WebhookPathPrefix}{config.Channels[0].Name}"));
    }

    /// <summary>Waits until the first channel reports <see cref="ChannelReasons.Connected"/>.</summary>
    public async Task WaitForConnectedAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var channel = (await http.GetFromJsonAsync<JsonElement>(StatusAddress)).GetProperty("channels")[0];
                last = channel.ToString();
                if (channel.GetProperty("reason").GetString() == ChannelReasons.Connected)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the gateway never connected; last status: {last}\n{_process.Output}");
    }

    /// <summary>Kills the process with SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        using var process = System.Diagnostics.Process.GetProcessById(_process.Id);
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Kills the process with SIGKILL, as <c>kill -9</c> does, if it still runs.</summary>
    public void Dispose() => _process.Dispose();
}
