using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Knowledge;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Knowledge;

/// <summary>An embedded server with the bundled model over a knowledge folder, synced before use.</summary>
internal static class KnowledgeServer
{
    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "testdata", "knowledge");

    public static void CopyCorpus(string target)
    {
        foreach (var file in Directory.EnumerateFiles(CorpusDirectory))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public static async Task<EmbeddedServer> StartAsync(TempDirectory root, int rescanSeconds = 3600)
    {
        var server = await EmbeddedServer.StartAsync(new RuntimeConfig
        {
            Conversations = new ConversationConfig { Directory = root.File("sessions") },
            Knowledge = new KnowledgeConfig { Directory = root.File("knowledge"), RescanIntervalSeconds = rescanSeconds },
        });
        await Knowledge(server).InitialSync.WaitAsync(TimeSpan.FromMinutes(2));
        return server;
    }

    public static KnowledgeBase Knowledge(EmbeddedServer server) => server.Server.Knowledge!;
}
