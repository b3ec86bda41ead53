using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Models;

public sealed class BatchWorkerTests
{
    [Theory]
    [InlineData(2.0, 0, 0, "2 batch workers of 1 intra-op threads")]
    [InlineData(4.0, 0, 0, "4 batch workers of 1 intra-op threads")]
    [InlineData(4.0, 2, 0, "2 batch workers of 2 intra-op threads")]
    [InlineData(1.5, 0, 0, "2 batch workers of 1 intra-op threads")]
    [InlineData(4.0, 1, 3, "1 batch workers of 3 intra-op threads")]
    [InlineData(4.0, 0, 2, "2 batch workers of 2 intra-op threads")]
    [InlineData(2.0, 0, 2, "1 batch workers of 2 intra-op threads")]
    public async Task Workers_DefaultToOnePerCore_OrToTheCoresLeftByHandSetThreads(double cores, int workers, int threads, string expected)
    {
        await using var server = await EmbeddedServer.StartAsync(
            new RuntimeConfig { Batching = new BatchingConfig { Workers = workers }, Model = new ModelConfig { Threads = threads } },
            cpuCores: cores);

        Assert.True(server.Logs.Contains(expected), string.Join('\n', server.Logs.Lines));
    }

    [Fact]
    public async Task BatchesRunningSideBySide_GiveEachRequestItsOwnEmbedding()
    {
        var sentences = Enumerable.Range(0, 24).Select(i => $"Note {i}: the {(i % 2 == 0 ? "backup" : "printer")} needs attention on day {i * 7}.").ToArray();
        using var reference = OnnxModel.Open(BundledModel.ModelPath, 1);
        var tokenizer = WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256);
        var embedder = new SentenceEmbedder(reference, tokenizer);
        var expected = sentences.Select(s => embedder.Embed([tokenizer.Encode(s)])[0]).ToArray();
        await using var server = await EmbeddedServer.StartAsync(
            new RuntimeConfig { Batching = new BatchingConfig { Workers = 3, MaxBatchSize = 2, MaxBatchDelayMilliseconds = 1 } }, cpuCores: 2);
        using var http = server.CreateClient();

        var actual = await Task.WhenAll(sentences.Select(async s =>
        {
            using var response = await http.PostAsJsonAsync("/v1/embeddings", new { model = RuntimeDefaults.ModelName, input = s });
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        }));

        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.True(Vectors.Cosine(expected[i], actual[i]) > 0.9999, $"sentence {i}: cosine {Vectors.Cosine(expected[i], actual[i])}");
        }
    }
}
