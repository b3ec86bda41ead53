using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Conversations;

[Collection(ProcessGaugesGroup.Name)]
public sealed class ConversationApiTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task PostGetListDelete_RoundTrip()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();

        using var first = await http.PostAsJsonAsync("/v1/sessions/chat-1", new { role = "user", content = "Where are my photos?" });
        using var second = await http.PostAsJsonAsync("/v1/sessions/chat-1", new { role = "assistant", content = "In /photos." });
        var stored = await first.Content.ReadFromJsonAsync<JsonElement>();
        var conversation = await http.GetFromJsonAsync<JsonElement>("/v1/sessions/chat-1");
        var list = await http.GetFromJsonAsync<JsonElement>("/v1/sessions");
        using var deleted = await http.DeleteAsync(new Uri("/v1/sessions/chat-1", UriKind.Relative));
        using var afterDelete = await http.GetAsync(new Uri("/v1/sessions/chat-1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(0, stored.GetProperty("index").GetInt32());
        Assert.Equal("user", stored.GetProperty("role").GetString());
        Assert.True(stored.TryGetProperty("created_at", out _));
        var turns = conversation.GetProperty("turns").EnumerateArray().ToArray();
        Assert.Equal(["Where are my photos?", "In /photos."], turns.Select(t => t.GetProperty("content").GetString()));
        Assert.Equal("chat-1", Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(list.GetProperty("has_more").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal("conversation_not_found", (await afterDelete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task NonEnglishText_IsWrittenAsUtf8_OnTheWireAndOnDisk()
    {
        const string Text = "Grüße aus München: 你好, ça va? \"quoted\" + done";
        await using var server = await StartAsync();
        using var http = server.CreateClient();

        using var posted = await http.PostAsJsonAsync("/v1/sessions/utf8", new { role = "user", content = Text });
        var body = await http.GetStringAsync(new Uri("/v1/sessions/utf8", UriKind.Relative));
        var file = await File.ReadAllTextAsync(Path.Combine(_directory.Path, "sessions", "utf8.log"));

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Contains("Grüße aus München: 你好, ça va? \\\"quoted\\\" + done", body, StringComparison.Ordinal);
        Assert.Contains("Grüße aus München: 你好, ça va?", file, StringComparison.Ordinal);
        Assert.Equal(Text, JsonDocument.Parse(body).RootElement.GetProperty("turns")[0].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("a%5Cb")]
    [InlineData(".hidden")]
    [InlineData("-x")]
    [InlineData("a%20b")]
    [InlineData("%C3%BCmlaut")]
    [InlineData("%2E%2E%2Fescape")]
    public async Task MalformedIds_Get400NamingTheRule(string encodedId)
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, new Uri($"/v1/sessions/{encodedId}", UriKind.Relative));
            if (method == HttpMethod.Post)
            {
                request.Content = JsonContent.Create(new { role = "user", content = "x" });
            }

            using var response = await http.SendAsync(request);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_conversation_id", error.GetProperty("code").GetString());
            Assert.Contains("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.log", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TooLongId_Gets400()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();

        using var response = await http.PostAsJsonAsync($"/v1/sessions/{new string('a', 129)}", new { role = "user", content = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"role\":\"robot\",\"content\":\"x\"}", "invalid_role")]
    [InlineData("{\"content\":\"x\"}", "invalid_role")]
    [InlineData("{\"role\":\"user\"}", "missing_content")]
    [InlineData("{\"role\":\"user\",\"content\":", "invalid_json")]
    [InlineData("{\"role\":\"user\",\"content\":42}", "invalid_json")]
    public async Task BadTurn_Gets400(string body, string code)
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();

        using var response = await http.PostAsync(new Uri("/v1/sessions/c", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task SizeCap_Answers413InOpenAiShape()
    {
        await using var server = await StartAsync(maxBytes: 2048);
        using var http = server.CreateClient();
        var created = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var response = await http.PostAsJsonAsync("/v1/sessions/big", new { role = "user", content = new string('y', 400) });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created++;
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Equal("conversation_too_large", error.GetProperty("code").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Contains("2048 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var turns = (await http.GetFromJsonAsync<JsonElement>("/v1/sessions/big")).GetProperty("turns");
        Assert.Equal(created, turns.GetArrayLength());
    }

    [Fact]
    public async Task Listing_PagesWithLimitAndAfter()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        for (var i = 0; i < 7; i++)
        {
            using var _ = await http.PostAsJsonAsync($"/v1/sessions/p{i}", new { role = "user", content = "x" });
        }

        var one = await http.GetFromJsonAsync<JsonElement>("/v1/sessions?limit=3");
        var two = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions?limit=3&after={one.GetProperty("last_id").GetString()}");
        var three = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions?limit=3&after={two.GetProperty("last_id").GetString()}");
        using var badLimit = await http.GetAsync(new Uri("/v1/sessions?limit=0", UriKind.Relative));
        using var badAfter = await http.GetAsync(new Uri("/v1/sessions?after=..%2Fx", UriKind.Relative));

        string[] Ids(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["p0", "p1", "p2", "p3", "p4", "p5", "p6"], [.. Ids(one), .. Ids(two), .. Ids(three)]);
        Assert.True(one.GetProperty("has_more").GetBoolean());
        Assert.True(two.GetProperty("has_more").GetBoolean());
        Assert.False(three.GetProperty("has_more").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAfter.StatusCode);
    }

    [Fact]
    public async Task ApiKey_IsRequired_WhenConfigured()
    {
        var keys = _directory.File("api-keys");
        await File.WriteAllTextAsync(keys, "secret-key-1\n");
        await using var server = await StartAsync(apiKeysFile: keys);
        using var anonymous = server.CreateClient();
        using var keyed = server.CreateClient("secret-key-1");

        using var refused = await anonymous.PostAsJsonAsync("/v1/sessions/k", new { role = "user", content = "x" });
        using var listRefused = await anonymous.GetAsync(new Uri("/v1/sessions", UriKind.Relative));
        using var accepted = await keyed.PostAsJsonAsync("/v1/sessions/k", new { role = "user", content = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, listRefused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Metrics_CountTurnsAndFsyncs()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var before = await server.ScrapeMetricsAsync();
        for (var i = 0; i < 3; i++)
        {
            using var _ = await http.PostAsJsonAsync("/v1/sessions/metered", new { role = "user", content = "x" });
        }

        var after = await server.ScrapeMetricsAsync();

        Assert.True(Value(after, RuntimeMetricNames.ConversationTurnsStored) - Value(before, RuntimeMetricNames.ConversationTurnsStored) >= 3);
        Assert.True(Value(after, RuntimeMetricNames.ConversationFsyncDuration + "_count") - Value(before, RuntimeMetricNames.ConversationFsyncDuration + "_count") >= 4);
        Assert.Contains(RuntimeMetricNames.ConversationsActive + " ", after, StringComparison.Ordinal);
        Assert.True(Value(after, RuntimeMetricNames.ConversationStoreBytes) > 0);
    }

    public void Dispose() => _directory.Dispose();

    private static double Value(string exposition, string name)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<EmbeddedServer> StartAsync(long? maxBytes = null, string? apiKeysFile = null) =>
        EmbeddedServer.StartAsync(
            new RuntimeConfig
            {
                Server = new ServerConfig { ApiKeysFile = apiKeysFile },
                Conversations = new ConversationConfig { Directory = Path.Combine(_directory.Path, "sessions"), MaxConversationBytes = maxBytes },
            },
            waitForModel: false);
}
