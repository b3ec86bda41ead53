using System.ClientModel;
using System.ClientModel.Primitives;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Knowledge;
using OpenAI;
using OpenAI.Chat;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// A class fixture: an embedded server over the shipped knowledge corpus whose key file names two users, an admin,
/// a gateway and one key in the earlier one-key-per-line format.
/// </summary>
public sealed class KeyedServer : IAsyncLifetime, IDisposable
{
    public const string Alice = "sk-alice-0123";
    public const string Bob = "sk-bob-4567";
    public const string Root = "sk-root-89ab";
    public const string Gateway = "sk-gateway-cdef";
    public const string Bare = "sk-bare-key-0001";

    public const string KeyFile = $"""
        # household
        alice:{Alice}
        bob:{Bob}
        root:{Root}:admin
        gw:{Gateway}:gateway
        {Bare}
        """;

    private readonly TempDirectory _root = new();

    public EmbeddedServer Server { get; private set; } = null!;

    public string Sessions => _root.File("sessions");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root.File("knowledge"));
        KnowledgeServer.CopyCorpus(_root.File("knowledge"));
        await File.WriteAllTextAsync(_root.File("api-keys"), KeyFile);
        Server = await StartAsync(_root, apiKeysFile: _root.File("api-keys"));
    }

    /// <summary>A server over <paramref name="root"/>'s sessions and knowledge folders, synced before use.</summary>
    public static async Task<EmbeddedServer> StartAsync(TempDirectory root, string? apiKeysFile)
    {
        var server = await EmbeddedServer.StartAsync(new RuntimeConfig
        {
            Server = new ServerConfig { ApiKeysFile = apiKeysFile },
            Conversations = new ConversationConfig { Directory = root.File("sessions") },
            Knowledge = new KnowledgeConfig { Directory = root.File("knowledge"), RescanIntervalSeconds = 3600 },
        });
        await KnowledgeServer.Knowledge(server).InitialSync.WaitAsync(TimeSpan.FromMinutes(2));
        return server;
    }

    /// <summary>An HTTP client sending <paramref name="key"/> and, when given, <c>X-Assistant-User</c>.</summary>
    public HttpClient Client(string? key, string? actingFor = null) => Client(Server, key, actingFor);

    public static HttpClient Client(EmbeddedServer server, string? key, string? actingFor = null)
    {
        var client = server.CreateClient(key);
        if (actingFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Assistant-User", actingFor);
        }

        return client;
    }

    /// <summary>The official OpenAI client sending <paramref name="key"/>, and optionally <c>X-Assistant-User</c> and the conversation header.</summary>
    public ChatClient Chat(string key, string? actingFor = null, string? conversationId = null)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(Server.BaseAddress, "/v1") };
        if (actingFor is not null)
        {
            options.AddPolicy(new RequestHeaderPolicy("X-Assistant-User", actingFor), PipelinePosition.PerCall);
        }

        if (conversationId is not null)
        {
            options.AddPolicy(new RequestHeaderPolicy("X-Conversation-Id", conversationId), PipelinePosition.PerCall);
        }

        return new ChatClient("minilm", new ApiKeyCredential(key), options);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _root.Dispose();
    }

    public void Dispose() => _root.Dispose();
}
