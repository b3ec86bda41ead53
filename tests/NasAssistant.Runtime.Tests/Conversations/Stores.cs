using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Conversations;

namespace NasAssistant.Runtime.Tests.Conversations;

/// <summary>Conversation stores and child runtimes over a test folder.</summary>
internal static class Stores
{
    public static ConversationStore Open(string directory, string? keyFile = null, int retentionDays = 30, long? maxBytes = null) =>
        ConversationStore.Open(
            new ConversationConfig { Directory = directory, EncryptionKeyFile = keyFile, RetentionDays = retentionDays, MaxConversationBytes = maxBytes },
            TimeProvider.System,
            NullLogger<ConversationStore>.Instance);

    /// <summary>
    /// Writes a runtime config for a child process on free loopback ports and returns its path and API address;
    /// <paramref name="keyFile"/> encrypts the conversations, <paramref name="apiKeysFile"/> requires API keys.
    /// </summary>
    public static (string ConfigPath, Uri BaseAddress, Uri MetricsAddress) ChildConfig(
        string configDirectory, string sessions, string? keyFile = null, string? knowledge = null, string? apiKeysFile = null)
    {
        var (port, metricsPort) = Support.RuntimeProcess.TwoFreePorts();
        var config = new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = port, MetricsPort = metricsPort, ApiKeysFile = apiKeysFile },
            Conversations = new ConversationConfig { Directory = sessions, EncryptionKeyFile = keyFile },
            Knowledge = knowledge is null ? null : new KnowledgeConfig { Directory = knowledge },
        };
        var path = Path.Combine(configDirectory, $"runtime-{port}.yaml");
        File.WriteAllText(path, RuntimeConfigYaml.Serialize(config));
        return (path, new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{metricsPort}"));
    }

    /// <summary>Waits until the child answers the conversation API (the model may still be loading: the store does not need it).</summary>
    public static async Task WaitForSessionsApiAsync(Support.RuntimeProcess runtime, Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/v1/sessions", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too slow to answer on a loaded machine: ask again.
            }

            // Startup failures print "nas-assistant: <reason>" and exit; no point polling a process that is gone.
            Assert.False(runtime.Output.Contains("nas-assistant: ", StringComparison.Ordinal), runtime.Output);
            await Task.Delay(50);
        }

        Assert.Fail($"runtime never answered /v1/sessions:\n{runtime.Output}");
    }
}
