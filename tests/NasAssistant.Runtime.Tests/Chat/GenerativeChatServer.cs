using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Knowledge;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Chat;

/// <summary>A class fixture: an embedded server whose chat model is a tiny generated GenAI decoder, over the shipped knowledge corpus.</summary>
public sealed class GenerativeChatServer : IAsyncLifetime, IDisposable
{
    public const string ModelName = "tiny";

    private readonly TempDirectory _root = new();

    public EmbeddedServer Server { get; private set; } = null!;

    public string ModelFolder => _root.File("tiny");

    internal GenAiTextGenerator Generator => (GenAiTextGenerator)Server.Server.ModelHost.Model!.Generator!;

    public async Task InitializeAsync()
    {
        // Room for the knowledge passages the prompt carries (about 200 tokens each with this byte-level tokenizer).
        TinyChatModel.Write(ModelFolder, new TinyChatModelOptions { ContextLength = 2048 });
        Directory.CreateDirectory(_root.File("knowledge"));
        KnowledgeServer.CopyCorpus(_root.File("knowledge"));
        Server = await EmbeddedServer.StartAsync(Config(await ModelDigest.ComputeFolderAsync(ModelFolder, CancellationToken.None)));
        await KnowledgeServer.Knowledge(Server).InitialSync.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public RuntimeConfig Config(string? sha256) => new()
    {
        Model = new ModelConfig { Name = ModelName, Task = ModelTask.Chat, Path = ModelFolder, Sha256 = sha256 },
        Conversations = new ConversationConfig { Directory = _root.File("sessions") },
        Knowledge = new KnowledgeConfig { Directory = _root.File("knowledge") },
    };

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _root.Dispose();
    }

    public void Dispose() => _root.Dispose();
}
