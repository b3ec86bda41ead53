using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Generation;

/// <summary>Folders that are not usable generative models fail with a message naming the folder and the reason.</summary>
public sealed class GenerativeModelLoadingTests
{
    [Fact]
    public void MissingFolder_IsNamed()
    {
        using var directory = new TempDirectory();
        var folder = directory.File("absent");

        var e = Assert.Throws<GenerativeModelException>(() => GenAiTextGenerator.Open(folder));

        Assert.Contains(folder, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutGenAiConfig_IsNotAGenAiModel()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("model.onnx"), "");

        var e = Assert.Throws<GenerativeModelException>(() => GenAiTextGenerator.Open(directory.Path));

        Assert.Contains(directory.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains("no genai_config.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("genai_config.json", "{ not json", "genai_config.json' cannot be read")]
    [InlineData("genai_config.json", "{\"model\": {\"type\": \"llama\"}}", "no usable model.context_length")]
    [InlineData("genai_config.json", "{\"model\": {\"context_length\": 64, \"bogus\": 1}}", "Unknown value \"bogus\"")]
    [InlineData("model.onnx", "not a protobuf", "model.onnx")]
    [InlineData("tokenizer.json", "{", "cannot be loaded")]
    public void BrokenFile_IsReportedWithTheFolder(string file, string content, string reason)
    {
        using var directory = new TempDirectory();
        TinyChatModel.Write(directory.Path);
        File.WriteAllText(directory.File(file), content);

        var e = Assert.Throws<GenerativeModelException>(() => GenAiTextGenerator.Open(directory.Path));

        Assert.Contains(directory.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);

        // A failed load leaves nothing behind that crashes the process when the finalizers run.
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public async Task DisposedGenerator_RefusesNewReplies()
    {
        using var directory = new TempDirectory();
        var generator = GenAiTextGenerator.Open(TinyChatModel.Write(directory.Path));
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in generator.GenerateAsync([new ChatTurn("user", "hi")], new GenerationSettings(), default))
            {
            }
        });
    }
}
