using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Knowledge;

/// <summary>The knowledge documents are shared: every key reads and retrieves them, only an admin key changes them.</summary>
public sealed class DocumentPermissionTests(KeyedServer fixture) : IClassFixture<KeyedServer>
{
    [Theory]
    [InlineData(KeyedServer.Alice, null)]
    [InlineData(KeyedServer.Bare, null)]
    [InlineData(KeyedServer.Gateway, null)]
    [InlineData(KeyedServer.Gateway, "telegram:1")]
    public async Task AddingAndDeleting_WithAKeyThatIsNoAdmin_Is403(string key, string? actingFor)
    {
        using var http = fixture.Client(key, actingFor);

        using var added = await http.PostAsJsonAsync("/v1/documents", new { name = "notice.md", content = "The office is closed on Friday." });
        using var deleted = await http.DeleteAsync(new Uri("/v1/documents/printer-jams.md", UriKind.Relative));
        var listed = await http.GetFromJsonAsync<JsonElement>("/v1/documents");
        using var retrieved = await http.PostAsJsonAsync("/v1/retrieve", new { query = "printer jam" });

        Assert.Equal(HttpStatusCode.Forbidden, added.StatusCode);
        Assert.Equal("admin_key_required", (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        var names = listed.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToArray();
        Assert.Contains("printer-jams.md", names);
        Assert.DoesNotContain("notice.md", names);
        Assert.Equal(HttpStatusCode.OK, retrieved.StatusCode);
        Assert.True(File.Exists(Path.Combine(fixture.Sessions, "..", "knowledge", "printer-jams.md")));
    }

    [Fact]
    public async Task AdminKey_AddsAndDeletesDocuments_ThatEveryKeyThenReads()
    {
        var name = $"notice-{Guid.NewGuid():N}.md";
        using var root = fixture.Client(KeyedServer.Root);
        using var alice = fixture.Client(KeyedServer.Alice);

        using var added = await root.PostAsJsonAsync("/v1/documents", new { name, content = "The office is closed on Friday for the move." });
        var seen = await alice.GetFromJsonAsync<JsonElement>("/v1/documents");
        using var deleted = await root.DeleteAsync(new Uri($"/v1/documents/{name}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Contains(name, seen.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }
}
