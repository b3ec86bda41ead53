using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Gateway.Channels;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Support;

/// <summary>The gateway as its own process (<c>runtime gateway --config FILE</c>) on free loopback ports, for what needs a real process: SIGKILL.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly RuntimeProcess _process;
    private readonly Uri _status;

    private GatewayProcess(RuntimeProcess process, Uri status)
    {
        _process = process;
        _status = status;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Writes <paramref name="config"/>, with free ports of its own, into <paramref name="directory"/> and starts the gateway on it.</summary>
    public static GatewayProcess Start(GatewayConfig config, TempDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(config);
        var port = RuntimeProcess.FreePort();
        var file = directory.File($"gateway-{port}.yaml");
        File.WriteAllText(file, GatewayConfigYaml.Serialize(config with { Server = config.Server with { StatusPort = port, WebhookPort = RuntimeProcess.FreePort() } }));
        return new GatewayProcess(RuntimeProcess.Start("gateway", "--config", file), new Uri($"http://127.0.0.1:{port}{GatewayDefaults.StatusPath}"));
    }

    /// <summary>Waits until its (first) channel reports <see cref="ChannelReasons.Connected"/>.</summary>
    public async Task WaitUntilConnectedAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var channel = (await http.GetFromJsonAsync<JsonElement>(_status)).GetProperty("channels")[0];
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

    /// <summary>Kills the process with SIGKILL, as <c>kill -9</c> does, if it still runs.</summary>
    public void Dispose() => _process.Dispose();
}
