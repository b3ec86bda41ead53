using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Security;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Conversations;

/// <summary>Owners are part of the stored records: they survive restarts, and files from before owners were recorded still load.</summary>
public sealed class OwnerRecordTests : IDisposable
{
    // Written as the runtime wrote conversations before owners were recorded: two framed turns, neither naming an owner.
    private static readonly string BeforeOwners = Path.Combine(AppContext.BaseDirectory, "testdata", "conversations", "before-owners.log");

    private readonly TempDirectory _directory = new();

    private string Sessions => _directory.File("sessions");

    [Fact]
    public async Task Owners_SurviveRestarts_AndAConversationFromBeforeOwners_BelongsToAnonymousAndAdmins()
    {
        Directory.CreateDirectory(Sessions);
        File.Copy(BeforeOwners, Path.Combine(Sessions, "parking.log"));
        await File.WriteAllTextAsync(_directory.File("api-keys"), KeyedServer.KeyFile);

        await using (var first = await StartAsync(_directory.File("api-keys")))
        {
            using var alice = first.CreateClient(KeyedServer.Alice);
            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/v1/sessions/alice-notes", new { role = "user", content = "note" })).StatusCode);
        }

        await using (var keyed = await StartAsync(_directory.File("api-keys")))
        {
            using var alice = keyed.CreateClient(KeyedServer.Alice);
            using var bob = keyed.CreateClient(KeyedServer.Bob);
            using var root = keyed.CreateClient(KeyedServer.Root);

            Assert.Equal("alice", (await alice.GetFromJsonAsync<JsonElement>("/v1/sessions/alice-notes")).GetProperty("owner").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(new Uri("/v1/sessions/alice-notes", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync(new Uri("/v1/sessions/parking", UriKind.Relative))).StatusCode);
            var parking = await root.GetFromJsonAsync<JsonElement>("/v1/sessions/parking");
            Assert.Equal("anonymous", parking.GetProperty("owner").GetString());
            Assert.Equal(
                ["Where did I park the car?", "Level 2, row C, next to the lift."],
                parking.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("content").GetString()));
            Assert.Equal(["alice-notes", "parking"], Ids(await root.GetFromJsonAsync<JsonElement>("/v1/sessions")));
            Assert.Equal(["alice-notes"], Ids(await alice.GetFromJsonAsync<JsonElement>("/v1/sessions")));
            Assert.Empty(Ids(await bob.GetFromJsonAsync<JsonElement>("/v1/sessions")));
        }

        // Without keys there is one user, anonymous, who sees everything, whoever created it.
        await using var anonymousMode = await StartAsync(apiKeysFile: null);
        using var anyone = anonymousMode.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await anyone.PostAsJsonAsync("/v1/sessions/parking", new { role = "user", content = "And the ticket?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anyone.PostAsJsonAsync("/v1/sessions/shared", new { role = "user", content = "x" })).StatusCode);
        var listed = await anyone.GetFromJsonAsync<JsonElement>("/v1/sessions");
        Assert.Equal(["alice-notes", "parking", "shared"], Ids(listed));
        Assert.Equal(["alice", "anonymous", "anonymous"], listed.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("owner").GetString()));
        Assert.Equal(3, (await anyone.GetFromJsonAsync<JsonElement>("/v1/sessions/parking")).GetProperty("turns").GetArrayLength());
        Assert.Equal("alice", (await anyone.GetFromJsonAsync<JsonElement>("/v1/sessions/alice-notes")).GetProperty("owner").GetString());
    }

    [Fact]
    public async Task OwnerIsWrittenOnTheFirstRecordOnly_AndTheRecordsStayReadableAsBefore()
    {
        using (var store = Stores.Open(Sessions))
        {
            await store.AppendAsync("c", new Caller("alice", IsAdmin: false), "user", "one", CancellationToken.None);
            await store.AppendAsync("c", new Caller("alice", IsAdmin: false), "assistant", "two", CancellationToken.None);
        }

        await using var file = new FileStream(Path.Combine(Sessions, "c.log"), FileMode.Open, FileAccess.Read);
        var scan = ConversationLog.Scan(file, (payload, _) => JsonSerializer.Deserialize(payload.Span, ConversationJsonContext.Utf8.StoredTurn)!);
        var records = scan.Turns!;

        Assert.Equal(["alice", null], records.Select(t => t.Owner));
        Assert.Equal(["one", "two"], records.Select(t => t.Content));
        Assert.Equal(file.Length, scan.ValidLength);
    }

    [Fact]
    public async Task Store_AnswersAnotherIdentity_AsMissing_ForReadAndDelete_AndRefusesItsAppend()
    {
        var alice = new Caller("alice", IsAdmin: false);
        var bob = new Caller("bob", IsAdmin: false);
        using var store = Stores.Open(Sessions);
        await store.AppendAsync("c", alice, "user", "one", CancellationToken.None);

        await Assert.ThrowsAsync<ForeignConversationException>(() => store.ReadAsync("c", bob, CancellationToken.None));
        await Assert.ThrowsAsync<ForeignConversationException>(() => store.AppendAsync("c", bob, "user", "two", CancellationToken.None));
        Assert.False(await store.DeleteAsync("c", bob, CancellationToken.None));
        Assert.Empty(store.List(bob, 10, null).Data);
        Assert.Single((await store.ReadAsync("c", alice, CancellationToken.None))!);
        Assert.Equal("alice", Assert.Single(store.List(Caller.Anonymous, 10, null).Data).Owner);
    }

    [Fact]
    public async Task FileWithoutAWholeRecord_HasNoOwner_AndTheNextWriterClaimsIt()
    {
        // What a crash during a conversation's very first write leaves: the file, and part of a record.
        Directory.CreateDirectory(Sessions);
        await File.WriteAllBytesAsync(Path.Combine(Sessions, "torn.log"), [0x40, 0, 0, 0, 1, 2]);
        var alice = new Caller("alice", IsAdmin: false);
        var bob = new Caller("bob", IsAdmin: false);
        using var store = Stores.Open(Sessions);

        Assert.Null(await store.ReadAsync("torn", alice, CancellationToken.None));
        Assert.Empty(store.List(alice, 10, null).Data);
        Assert.False(await store.DeleteAsync("torn", alice, CancellationToken.None));
        await store.AppendAsync("torn", bob, "user", "mine", CancellationToken.None);

        await Assert.ThrowsAsync<ForeignConversationException>(() => store.ReadAsync("torn", alice, CancellationToken.None));
        Assert.Equal("bob", ConversationStore.OwnerOf((await store.ReadAsync("torn", bob, CancellationToken.None))!));
    }

    public void Dispose() => _directory.Dispose();

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    private Task<EmbeddedServer> StartAsync(string? apiKeysFile) =>
        EmbeddedServer.StartAsync(
            new RuntimeConfig { Server = new ServerConfig { ApiKeysFile = apiKeysFile }, Conversations = new ConversationConfig { Directory = Sessions } },
            waitForModel: false);
}
