using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// One embedded server with the bundled model and API keys, shared by the API tests so the
/// 90 MB model loads once.
/// </summary>
public sealed class RealModelServer : IAsyncLifetime, IDisposable
{
    public const string ApiKey = "sk-test-family-0123456789";
    public const string OtherApiKey = "sk-test-second-key";

    private readonly TempDirectory _directory = new();

    public EmbeddedServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var keys = _directory.File("api-keys");
        await File.WriteAllTextAsync(keys, $"# keys for the tests\n{ApiKey}\n\n{OtherApiKey}\n");
        Server = await EmbeddedServer.StartAsync(new RuntimeConfig
        {
            Server = new ServerConfig { ApiKeysFile = keys, MaxRequestBodyBytes = 1024 * 1024 },
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }

    public void Dispose() => _directory.Dispose();
}
