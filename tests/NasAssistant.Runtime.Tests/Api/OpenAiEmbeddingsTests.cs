using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Support;
using OpenAI;
using OpenAI.Embeddings;
using OpenAI.Models;

namespace NasAssistant.Runtime.Tests.Api;

[Collection(RealModelGroup.Name)]
public sealed class OpenAiEmbeddingsTests(RealModelServer fixture)
{
    private readonly EmbeddedServer _server = fixture.Server;

    private OpenAIClientOptions Options => new() { Endpoint = new Uri(_server.BaseAddress, "/v1") };

    private EmbeddingClient Client => new("minilm", new ApiKeyCredential(RealModelServer.ApiKey), Options);

    [Fact]
    public async Task OfficialClient_GetsNormalizedEmbeddingOfBundledModel()
    {
        var embedding = await Client.GenerateEmbeddingAsync("The NAS in the office backs up every night.");

        var vector = embedding.Value.ToFloats().ToArray();
        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
    }

    [Fact]
    public async Task ParaphrasePair_IsCloserThanUnrelatedPair()
    {
        var result = await Client.GenerateEmbeddingsAsync(
        [
            "A man is playing a guitar.",
            "Someone is strumming a guitar.",
            "The central bank raised interest rates again.",
        ]);

        var v = result.Value.Select(e => e.ToFloats().ToArray()).ToArray();
        var paraphrase = Vectors.Cosine(v[0], v[1]);
        var unrelated = Vectors.Cosine(v[0], v[2]);
        Assert.True(paraphrase > unrelated + 0.3, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task BatchRequest_GivesSameVectorsAsSingleRequests()
    {
        string[] texts =
        [
            "short",
            "A somewhat longer sentence, so the batch is padded to different lengths.",
            "Backups of the family photos run on Sunday night.",
            "Is the printer on the second floor working again? Nobody has been able to print since Monday.",
        ];

        var batch = (await Client.GenerateEmbeddingsAsync(texts)).Value.Select(e => e.ToFloats().ToArray()).ToArray();
        for (var i = 0; i < texts.Length; i++)
        {
            var single = (await Client.GenerateEmbeddingAsync(texts[i])).Value.ToFloats().ToArray();
            Assert.Equal(single.Length, batch[i].Length);
            for (var d = 0; d < single.Length; d++)
            {
                Assert.True(Math.Abs(single[d] - batch[i][d]) <= 1e-5, $"text {i} dimension {d}: {single[d]} vs {batch[i][d]}");
            }
        }
    }

    [Fact]
    public async Task OfficialClient_ListsServedModel()
    {
        var models = new OpenAIModelClient(new ApiKeyCredential(RealModelServer.ApiKey), Options);

        var list = await models.GetModelsAsync();

        Assert.Contains(list.Value, m => m.Id == "minilm");
    }

    [Fact]
    public async Task FloatAndBase64Encodings_CarryTheSameVector()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);

        var asFloat = await PostAsync(http, new { model = "minilm", input = "hello world", encoding_format = "float" });
        var asBase64 = await PostAsync(http, new { model = "minilm", input = "hello world", encoding_format = "base64" });

        var floats = asFloat.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String(asBase64.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        var decoded = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, decoded, 0, bytes.Length);
        Assert.Equal(floats, decoded);
    }

    [Fact]
    public async Task Usage_CountsWordPieceTokensWithSpecialTokens()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);

        var response = await PostAsync(http, new { model = "minilm", input = new[] { "hello world", "hello" } });

        // [CLS] hello world [SEP] + [CLS] hello [SEP]
        Assert.Equal(7, response.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(7, response.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("list", response.GetProperty("object").GetString());
        Assert.Equal(1, response.GetProperty("data")[1].GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task LongInput_IsTruncatedToTheModelsSequenceLength()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);
        var text = string.Join(' ', Enumerable.Repeat("storage", 1000));

        var response = await PostAsync(http, new { model = "minilm", input = text });

        Assert.Equal(256, response.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/v1/embeddings", body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
