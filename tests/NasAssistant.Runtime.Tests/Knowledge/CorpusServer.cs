using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Knowledge;

/// <summary>A class fixture: one embedded server over a copy of the shipped knowledge corpus.</summary>
public sealed class CorpusServer : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _root = new();

    public EmbeddedServer Server { get; private set; } = null!;

    public TempDirectory Root => _root;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root.File("knowledge"));
        KnowledgeServer.CopyCorpus(_root.File("knowledge"));
        Server = await KnowledgeServer.StartAsync(_root);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _root.Dispose();
    }

    public void Dispose() => _root.Dispose();
}
