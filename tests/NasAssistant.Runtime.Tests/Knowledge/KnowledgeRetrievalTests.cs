using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NasAssistant.Runtime.Tests.Knowledge;

public sealed class KnowledgeRetrievalTests : IClassFixture<CorpusServer>
{
    private readonly CorpusServer _fixture;

    public KnowledgeRetrievalTests(CorpusServer fixture) => _fixture = fixture;

    [Theory]
    [InlineData("The printer says paper is stuck, how do I get it out?", "printer-jams.md")]
    [InlineData("How can I open the shared folders when working from home?", "vpn-access.md")]
    [InlineData("I forgot my password and cannot log in", "password-reset.txt")]
    [InlineData("When does the nightly backup run and how long are snapshots kept?", "backup-schedule.md")]
    [InlineData("What is the password for visitors' wireless internet?", "guest-wifi.txt")]
    [InlineData("Is the help desk open between Christmas and New Year?", "opening-hours.md")]
    [InlineData("How do I get my work mail on my phone?", "email-setup.md")]
    [InlineData("I deleted a file by mistake, can I get it back?", "backup-schedule.md")]
    [InlineData("My account is locked after too many wrong attempts", "password-reset.txt")]
    [InlineData("The fuser area is hot and there are torn scraps inside", "printer-jams.md")]
    public async Task ExpectedDocument_RanksFirst(string question, string expected)
    {
        using var http = _fixture.Server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/retrieve", new { query = question });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = body.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(3, data.Length);
        Assert.Equal(expected, data[0].GetProperty("source").GetString());
        Assert.True(data[0].GetProperty("score").GetSingle() >= data[1].GetProperty("score").GetSingle());
        Assert.False(string.IsNullOrEmpty(data[0].GetProperty("text").GetString()));
        Assert.True(data[0].TryGetProperty("chunk_index", out _));
    }

    [Fact]
    public async Task SearchAsync_ServesChat_WithTopK()
    {
        var passages = await KnowledgeServer.Knowledge(_fixture.Server).SearchAsync("guest wireless network password", 5, CancellationToken.None);

        Assert.Equal(5, passages.Count);
        Assert.Equal("guest-wifi.txt", passages[0].Source);
        Assert.True(passages.Zip(passages.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Theory]
    [InlineData("{}", "missing_query")]
    [InlineData("{\"query\":\"  \"}", "missing_query")]
    [InlineData("{\"query\":\"vpn\",\"top_k\":0}", "invalid_top_k")]
    [InlineData("{\"query\":\"vpn\",\"top_k\":101}", "invalid_top_k")]
    [InlineData("not json", "invalid_json")]
    public async Task BadRetrieveRequests_Get400InOpenAiShape(string body, string code)
    {
        using var http = _fixture.Server.CreateClient();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v1/retrieve", UriKind.Relative), content);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Metrics_ShowChunksAndRetrievalLatency()
    {
        using var http = _fixture.Server.CreateClient();
        using var response = await http.PostAsJsonAsync("/v1/retrieve", new { query = "vpn" });

        var metrics = await _fixture.Server.ScrapeMetricsAsync();

        Assert.Contains("nas_assistant_retrieval_duration_seconds_count", metrics, StringComparison.Ordinal);
        Assert.Contains("nas_assistant_knowledge_chunks ", metrics, StringComparison.Ordinal);
    }
}
