using System.Net;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Storage;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Models;

public sealed class ExecutionProviderTests
{
    [Fact]
    public void CudaOnTheCpuBuild_FallsBackToTheCpu_AndSaysWhy()
    {
        using var model = OnnxModel.Open(BundledModel.ModelPath, new SessionSettings(1, GraphOptimization.All, ExecutionProviderKind.Cuda));

        Assert.Equal(ExecutionProviderKind.Cpu, model.Provider);
        Assert.False(string.IsNullOrWhiteSpace(model.ProviderFallback));
    }

    [Fact]
    public async Task ServerAskedForCuda_IsReadyOnTheCpu_WithAWarningNamingTheProvider()
    {
        await using var server = await EmbeddedServer.StartAsync(new RuntimeConfig
        {
            Model = new ModelConfig { ExecutionProvider = ExecutionProviderKind.Cuda, GraphOptimization = GraphOptimization.Extended },
        });
        using var http = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v2/health/ready")).StatusCode);
        Assert.True(server.Logs.Contains("execution provider cuda is unavailable, running on the CPU instead"), string.Join('\n', server.Logs.Lines));
    }

    [Theory]
    [InlineData(GraphOptimization.Disabled)]
    [InlineData(GraphOptimization.Basic)]
    [InlineData(GraphOptimization.All)]
    public void EveryOptimizationLevel_GivesTheSameEmbedding(GraphOptimization level)
    {
        using var reference = OnnxModel.Open(BundledModel.ModelPath, new SessionSettings(1, GraphOptimization.Extended));
        using var model = OnnxModel.Open(BundledModel.ModelPath, new SessionSettings(1, level));
        var tokenizer = WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256);
        var sequence = tokenizer.Encode("The backup finished at three in the morning.");

        var expected = new SentenceEmbedder(reference, tokenizer).Embed([sequence])[0];
        var actual = new SentenceEmbedder(model, tokenizer).Embed([sequence])[0];

        Assert.True(Vectors.Cosine(expected, actual) > 0.9999);
    }
}
