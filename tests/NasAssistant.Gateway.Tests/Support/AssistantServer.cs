using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Support;

/// <summary>
/// The real runtime in this process on a loopback port, serving the bundled model with a small knowledge
/// base, so chat turns are answered (by retrieval) and stored as the gateway's assistant would store them.
/// Its key file holds a gateway key, which the gateways under test use, and an admin key for the tests.
/// </summary>
public sealed class AssistantServer : IAsyncLifetime, IDisposable
{
    public const string GatewayKey = "sk-gateway-4f1c2a";
    public const string AdminKey = "sk-admin-9b7e05";

    private readonly TempDirectory _directory = new();
    private RuntimeServer? _server;

    public Uri BaseAddress { get; private set; } = null!;

    public string SessionsDirectory => System.IO.Path.Combine(_directory.Path, "sessions");

    public async Task InitializeAsync()
    {
        var knowledge = System.IO.Path.Combine(_directory.Path, "knowledge");
        Directory.CreateDirectory(knowledge);
        await File.WriteAllTextAsync(System.IO.Path.Combine(knowledge, "guest-wifi.md"),
            "# Guest wifi\n\nThe guest network is NAS-Guest; its password is on the fridge, next to the calendar.");
        await File.WriteAllTextAsync(System.IO.Path.Combine(knowledge, "backup.md"),
            "# Backups\n\nThe NAS backs up every folder each night at 02:00 to the external disk in the cupboard. Deleted files can be restored for thirty days.");
        await File.WriteAllTextAsync(System.IO.Path.Combine(knowledge, "heating.md"),
            "# Heating\n\nThe heat pump runs from 06:00 to 22:00. Turn the living-room thermostat up to 21 degrees in winter evenings.");
        var keys = System.IO.Path.Combine(_directory.Path, "api-keys");
        await File.WriteAllTextAsync(keys, $"gateway:{GatewayKey}:gateway\nowner:{AdminKey}:admin\n");
        var config = new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = 0, MetricsPort = 0, ApiKeysFile = keys },
            Conversations = new ConversationConfig { Directory = SessionsDirectory },
            Knowledge = new KnowledgeConfig { Directory = knowledge },
        };
        _server = RuntimeServer.Create(config, new RuntimeServerOptions { HandleSignals = false, ConsoleLogging = false });
        await _server.StartAsync();
        await _server.ModelHost.Loaded;
        await _server.Knowledge!.InitialSync;
        BaseAddress = new Uri($"http://127.0.0.1:{_server.ApiPort}");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose() => _directory.Dispose();
}
