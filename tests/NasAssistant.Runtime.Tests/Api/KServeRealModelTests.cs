using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Api;

[Collection(RealModelGroup.Name)]
public sealed class KServeRealModelTests(RealModelServer fixture)
{
    private readonly EmbeddedServer _server = fixture.Server;

    [Fact]
    public async Task HealthAnswersWithoutApiKey_ServerMetadataWithIt()
    {
        using var http = _server.CreateClient();
        using var keyed = _server.CreateClient(RealModelServer.ApiKey);

        var metadata = await keyed.GetFromJsonAsync<JsonElement>("/v2");
        using var unauthorized = await http.GetAsync(new Uri("/v2", UriKind.Relative));
        var live = await http.GetFromJsonAsync<JsonElement>("/v2/health/live");
        var ready = await http.GetFromJsonAsync<JsonElement>("/v2/health/ready");

        Assert.Equal("nas-assistant", metadata.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.True(live.GetProperty("live").GetBoolean());
        Assert.True(ready.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task ModelMetadata_DescribesTextInputAndEmbeddingOutput()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);

        var metadata = await http.GetFromJsonAsync<JsonElement>("/v2/models/minilm");

        Assert.Equal("minilm", metadata.GetProperty("name").GetString());
        var input = metadata.GetProperty("inputs")[0];
        Assert.Equal("text", input.GetProperty("name").GetString());
        Assert.Equal("BYTES", input.GetProperty("datatype").GetString());
        var output = metadata.GetProperty("outputs")[0];
        Assert.Equal("embedding", output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 384L], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        using var ready = await http.GetAsync(new Uri("/v2/models/minilm/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Infer_ReturnsTheSameVectorsAsOpenAiEndpoint()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);
        string[] texts = ["The backup finished.", "Where are the holiday photos?"];

        using var inferResponse = await http.PostAsJsonAsync("/v2/models/minilm/infer", new
        {
            id = "req-7",
            inputs = new[] { new { name = "text", datatype = "BYTES", shape = new[] { 2 }, data = texts } },
        });
        Assert.Equal(HttpStatusCode.OK, inferResponse.StatusCode);
        var infer = await inferResponse.Content.ReadFromJsonAsync<JsonElement>();
        var openAi = await (await http.PostAsJsonAsync("/v1/embeddings", new { model = "minilm", input = texts }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("req-7", infer.GetProperty("id").GetString());
        Assert.Equal("minilm", infer.GetProperty("model_name").GetString());
        var output = infer.GetProperty("outputs")[0];
        Assert.Equal("embedding", output.GetProperty("name").GetString());
        Assert.Equal([2L, 384L], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var flat = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        for (var i = 0; i < 2; i++)
        {
            var expected = openAi.GetProperty("data")[i].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(expected, flat.Skip(i * 384).Take(384).ToArray());
        }
    }
}
