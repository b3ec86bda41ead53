using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Knowledge;

public sealed class KnowledgeIndexingTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public KnowledgeIndexingTests()
    {
        Directory.CreateDirectory(_root.File("knowledge"));
        KnowledgeServer.CopyCorpus(_root.File("knowledge"));
    }

    private string Document(string name) => Path.Combine(_root.File("knowledge"), name);

    [Fact]
    public async Task ChangedFile_IsTheOnlyOneReEmbedded_AndDeletedFileLeavesTheIndex()
    {
        await using var server = await KnowledgeServer.StartAsync(_root);
        var knowledge = KnowledgeServer.Knowledge(server);
        var total = knowledge.ChunkCount;
        Assert.Equal(total, knowledge.EmbeddedChunks);

        await File.AppendAllTextAsync(Document("vpn-access.md"), "\n\nThe VPN also works on phones with the WireGuard app.\n");
        var before = knowledge.EmbeddedChunks;
        await knowledge.SyncAsync(CancellationToken.None);

        Assert.Equal(knowledge.ChunksOf("vpn-access.md").Count, knowledge.EmbeddedChunks - before);
        Assert.Contains(knowledge.ChunksOf("vpn-access.md"), c => c.Text.Contains("phones with the WireGuard app", StringComparison.Ordinal));

        File.Delete(Document("guest-wifi.txt"));
        before = knowledge.EmbeddedChunks;
        await knowledge.SyncAsync(CancellationToken.None);

        Assert.Equal(before, knowledge.EmbeddedChunks);
        Assert.Empty(knowledge.ChunksOf("guest-wifi.txt"));
        var passages = await knowledge.SearchAsync("guest wireless password", 10, CancellationToken.None);
        Assert.DoesNotContain(passages, p => p.Source == "guest-wifi.txt");
    }

    [Fact]
    public async Task TouchedButUnchangedFile_IsNotReEmbedded()
    {
        await using var server = await KnowledgeServer.StartAsync(_root);
        var knowledge = KnowledgeServer.Knowledge(server);
        var before = knowledge.EmbeddedChunks;

        File.SetLastWriteTimeUtc(Document("printer-jams.md"), DateTime.UtcNow.AddMinutes(5));
        await knowledge.SyncAsync(CancellationToken.None);

        Assert.Equal(before, knowledge.EmbeddedChunks);
    }

    [Fact]
    public async Task Restart_LoadsThePersistedIndex_AndEmbedsOnlyWhatChangedMeanwhile()
    {
        int total;
        await using (var first = await KnowledgeServer.StartAsync(_root))
        {
            total = KnowledgeServer.Knowledge(first).ChunkCount;
        }

        Assert.True(File.Exists(Path.Combine(_root.File("knowledge"), ".index", "index.bin")));
        await File.WriteAllTextAsync(Document("opening-hours.md"), "# Opening hours\n\nThe office is open from 8:00 to 18:00 on weekdays.\n");

        await using var second = await KnowledgeServer.StartAsync(_root);
        var knowledge = KnowledgeServer.Knowledge(second);

        Assert.Equal(knowledge.ChunksOf("opening-hours.md").Count, knowledge.EmbeddedChunks);
        Assert.Equal(1, knowledge.EmbeddedChunks);
        Assert.True(knowledge.ChunkCount > 0 && knowledge.ChunkCount <= total);
    }

    [Fact]
    public async Task CorruptIndex_IsRebuiltFromTheDocuments()
    {
        Directory.CreateDirectory(Path.Combine(_root.File("knowledge"), ".index"));
        await File.WriteAllBytesAsync(Path.Combine(_root.File("knowledge"), ".index", "index.bin"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        await using var server = await KnowledgeServer.StartAsync(_root);
        var knowledge = KnowledgeServer.Knowledge(server);

        Assert.True(knowledge.ChunkCount >= 7);
        Assert.Equal(knowledge.ChunkCount, knowledge.EmbeddedChunks);
    }

    [Fact]
    public async Task FileDroppedIntoTheFolder_IsPickedUpByTheWatcher()
    {
        await using var server = await KnowledgeServer.StartAsync(_root);
        var knowledge = KnowledgeServer.Knowledge(server);

        await File.WriteAllTextAsync(Document("parking.txt"), "Parking\n\nStaff park in the underground garage; the gate code is on the intranet.\n");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (knowledge.ChunksOf("parking.txt").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var passages = await knowledge.SearchAsync("where do employees park their cars?", 1, CancellationToken.None);
        Assert.Equal("parking.txt", passages[0].Source);
    }

    [Fact]
    public async Task DocumentsInSubfolders_AreIndexedUnderTheirPath_HiddenFoldersAreNot()
    {
        Directory.CreateDirectory(Document("manuals/heating"));
        Directory.CreateDirectory(Document(".private"));
        await File.WriteAllTextAsync(Document("manuals/heating/heat-pump.md"), "# Heat pump\n\nIf the heat pump shows error E7, clean the outdoor fan and restart it.\n");
        await File.WriteAllTextAsync(Document(".private/diary.md"), "# Diary\n\nThe heat pump made a noise again today.\n");
        await using var server = await KnowledgeServer.StartAsync(_root);
        var knowledge = KnowledgeServer.Knowledge(server);

        var passages = await knowledge.SearchAsync("the heat pump shows E7", 3, CancellationToken.None);

        Assert.Equal("manuals/heating/heat-pump.md", passages[0].Source);
        Assert.DoesNotContain(knowledge.Documents, d => d.Source.Contains("diary", StringComparison.Ordinal));

        // A whole folder renamed: its documents move with it in the index.
        Directory.Move(Document("manuals"), Document("handbooks"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (knowledge.ChunksOf("handbooks/heating/heat-pump.md").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.NotEmpty(knowledge.ChunksOf("handbooks/heating/heat-pump.md"));
        Assert.Empty(knowledge.ChunksOf("manuals/heating/heat-pump.md"));
    }

    [Fact]
    public async Task PostedDocument_IsStoredAndRetrieved()
    {
        await using var server = await KnowledgeServer.StartAsync(_root);
        using var http = server.CreateClient();

        using var posted = await http.PostAsJsonAsync("/v1/documents", new
        {
            name = "coffee-machine.md",
            content = "# Coffee machine\n\nThe coffee machine in the kitchen is descaled every Friday; if it shows a red light, empty the drip tray.",
        });
        var stored = await posted.Content.ReadFromJsonAsync<JsonElement>();
        using var retrieved = await http.PostAsJsonAsync("/v1/retrieve", new { query = "the coffee maker shows a red light", top_k = 1 });
        var top = (await retrieved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")[0];

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(1, stored.GetProperty("chunks").GetInt32());
        Assert.True(File.Exists(Document("coffee-machine.md")));
        Assert.Empty(Directory.EnumerateFiles(_root.File("knowledge"), "*.tmp"));
        Assert.Equal("coffee-machine.md", top.GetProperty("source").GetString());
        Assert.Contains("drip tray", top.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.md")]
    [InlineData("..")]
    [InlineData("a/b.md")]
    [InlineData("a\\b.md")]
    [InlineData(".hidden.md")]
    [InlineData("notes.exe")]
    [InlineData("notes")]
    [InlineData("")]
    [InlineData("spaces in name.md")]
    [InlineData("ümlaut.md")]
    [InlineData("a..b.md")]
    [InlineData("/etc/passwd.txt")]
    public async Task BadDocumentNames_Get400AndWriteNothing(string name)
    {
        await using var server = await KnowledgeServer.StartAsync(_root);
        using var http = server.CreateClient();
        var files = Directory.GetFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories).Length;

        using var response = await http.PostAsJsonAsync("/v1/documents", new { name, content = "text" });
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_document_name", error.GetProperty("code").GetString());
        Assert.Equal("name", error.GetProperty("param").GetString());
        Assert.Equal(files, Directory.GetFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Documents_AreListed_AndADeletedOneLeavesTheFolderTheIndexAndTheAnswers()
    {
        await using var server = await KnowledgeServer.StartAsync(_root);
        using var http = server.CreateClient();

        var listed = (await http.GetFromJsonAsync<JsonElement>("/v1/documents")).GetProperty("data").EnumerateArray().ToArray();
        var files = Directory.EnumerateFiles(KnowledgeServer.CorpusDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, listed.Select(d => d.GetProperty("name").GetString()));
        var wifi = listed.Single(d => d.GetProperty("name").GetString() == "guest-wifi.txt");
        Assert.Equal(new FileInfo(Document("guest-wifi.txt")).Length, wifi.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Document("guest-wifi.txt")))), wifi.GetProperty("sha256").GetString());
        Assert.True(wifi.GetProperty("chunks").GetInt32() >= 1);

        using var deleted = await http.DeleteAsync("/v1/documents/guest-wifi.txt");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetBoolean());
        Assert.False(File.Exists(Document("guest-wifi.txt")));
        var after = (await http.GetFromJsonAsync<JsonElement>("/v1/documents")).GetProperty("data").EnumerateArray();
        Assert.DoesNotContain("guest-wifi.txt", after.Select(d => d.GetProperty("name").GetString()));
        using var retrieved = await http.PostAsJsonAsync("/v1/retrieve", new { query = "what is the password for the guest wifi?", top_k = 3 });
        var sources = (await retrieved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").EnumerateArray().Select(p => p.GetProperty("source").GetString());
        Assert.DoesNotContain("guest-wifi.txt", sources);

        using var again = await http.DeleteAsync("/v1/documents/guest-wifi.txt");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("document_not_found", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(".index")]
    [InlineData(".hidden.md")]
    [InlineData("notes.exe")]
    [InlineData("a..b.md")]
    public async Task DeletingABadDocumentName_Gets400_AndRemovesNothing(string name)
    {
        await using var server = await KnowledgeServer.StartAsync(_root);
        using var http = server.CreateClient();
        var files = Directory.GetFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories).Length;

        using var response = await http.DeleteAsync($"/v1/documents/{Uri.EscapeDataString(name)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_document_name", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(files, Directory.GetFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task KnowledgeBaseOff_AnswersWithAClearError()
    {
        await using var server = await EmbeddedServer.StartAsync(new Config.RuntimeConfig
        {
            Conversations = new Config.ConversationConfig { Directory = _root.File("sessions") },
        });
        using var http = server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/retrieve", new { query = "vpn" });
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("knowledge_base_disabled", error.GetProperty("code").GetString());
    }

    public void Dispose() => _root.Dispose();
}
