using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Api;

[Collection(RealModelGroup.Name)]
public sealed class BadInputTests(RealModelServer fixture)
{
    private const string Infer = "/v2/models/minilm/infer";
    private const string Embeddings = "/v1/embeddings";
    private readonly EmbeddedServer _server = fixture.Server;

    public static TheoryData<string, string, string, string?, HttpStatusCode, string> Cases => new()
    {
        { "malformed JSON (OpenAI)", Embeddings, "{\"model\": \"minilm\", \"input\": [", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "not valid JSON" },
        { "malformed JSON (KServe)", Infer, "{\"inputs\": [{]}", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "not valid JSON" },
        { "wrong tensor shape", Infer, """{"inputs":[{"name":"text","datatype":"BYTES","shape":[3],"data":["a","b"]}]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "'text'" },
        { "wrong tensor rank", Infer, """{"inputs":[{"name":"text","datatype":"BYTES","shape":[1,2],"data":["a","b"]}]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "'text'" },
        { "wrong tensor datatype", Infer, """{"inputs":[{"name":"text","datatype":"FP32","shape":[1],"data":[1.0]}]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "'text'" },
        { "unknown datatype", Infer, """{"inputs":[{"name":"text","datatype":"FLOAT","shape":[1],"data":[1.0]}]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "'text'" },
        { "unknown input tensor", Infer, """{"inputs":[{"name":"prompt","datatype":"BYTES","shape":[1],"data":["a"]}]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "'prompt'" },
        { "no inputs", Infer, """{"inputs":[]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "no inputs" },
        { "unknown model (KServe)", "/v2/models/llama/infer", """{"inputs":[{"name":"text","datatype":"BYTES","shape":[1],"data":["a"]}]}""", RealModelServer.ApiKey, HttpStatusCode.NotFound, "llama" },
        { "unknown model (OpenAI)", Embeddings, """{"model":"text-embedding-3-small","input":"hi"}""", RealModelServer.ApiKey, HttpStatusCode.NotFound, "text-embedding-3-small" },
        { "empty input string", Embeddings, """{"model":"minilm","input":""}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "empty" },
        { "empty input array", Embeddings, """{"model":"minilm","input":[]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "empty" },
        { "token array input", Embeddings, """{"model":"minilm","input":[[101, 102]]}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "token arrays" },
        { "unknown encoding format", Embeddings, """{"model":"minilm","input":"hi","encoding_format":"int8"}""", RealModelServer.ApiKey, HttpStatusCode.BadRequest, "encoding_format" },
        { "wrong API key", Embeddings, """{"model":"minilm","input":"hi"}""", "sk-wrong-key", HttpStatusCode.Unauthorized, "invalid API key" },
        { "missing API key", Embeddings, """{"model":"minilm","input":"hi"}""", null, HttpStatusCode.Unauthorized, "missing API key" },
        { "missing API key (KServe)", Infer, """{"inputs":[{"name":"text","datatype":"BYTES","shape":[1],"data":["a"]}]}""", null, HttpStatusCode.Unauthorized, "missing API key" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_GetsSpecificClientError_AndServerKeepsServing(string name, string path, string body, string? key, HttpStatusCode expected, string messagePart)
    {
        using var http = _server.CreateClient(key);

        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(expected == response.StatusCode, $"{name}: got {(int)response.StatusCode}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(messagePart, ErrorMessage(path, text), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task OversizeBody_Gets413_AndServerKeepsServing()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);
        var big = new string('a', 2 * 1024 * 1024);

        using var response = await http.PostAsJsonAsync(Embeddings, new { model = "minilm", input = big });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task SecondKeyFromFile_IsAccepted()
    {
        using var http = _server.CreateClient(RealModelServer.OtherApiKey);

        using var response = await http.GetAsync(new Uri("/v1/models", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnauthorizedResponse_AsksForBearer_InOpenAiErrorShape()
    {
        using var http = _server.CreateClient();

        using var response = await http.GetAsync(new Uri("/v1/models", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal("missing_api_key", error.GetProperty("code").GetString());
    }

    private static string ErrorMessage(string path, string body)
    {
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        return path.StartsWith("/v2", StringComparison.Ordinal) ? error.GetString()! : error.GetProperty("message").GetString()!;
    }

    private async Task AssertStillServingAsync()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.PostAsJsonAsync(Embeddings, new { model = "minilm", input = "still there?" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
