using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Runtime.Tests.Quantization;

public sealed class Fp32NodeListsTests
{
    [Fact]
    public void Parse_ReadsOneNameALine_SkippingCommentsAndBlankLines()
    {
        using var reader = new StringReader("# header\n\nMatMul_1  # why\n  Gather_2\n#MatMul_3\nMatMul_1\n");

        var names = Fp32NodeLists.Parse(reader);

        Assert.Equal(["Gather_2", "MatMul_1"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SweepResult_ListFile_ReadsBackAsTheKeptNodes()
    {
        var kept = new[] { new SweepCandidate("MatMul_560", "MatMul", 442_368, 5e-4), new SweepCandidate("MatMul_122", "MatMul", 1_769_472, 2e-4) };
        var scores = new SweepScores(0.99, 0.995, 0.997, 0.999, 0.002);
        var result = new SweepResult(kept, kept, scores, scores);

        var text = result.ListFile("model.onnx", new string('a', 64), 226, WeightEncoding.Signed);

        Assert.StartsWith("# Nodes of model.onnx (SHA-256 aaaa", text, StringComparison.Ordinal);
        Assert.Contains("MatMul_560  # MatMul, mean loss -5.00E-04 when kept alone, +0.42 MiB", text, StringComparison.Ordinal);
        Assert.Equal(["MatMul_122", "MatMul_560"], Fp32NodeLists.Parse(new StringReader(text)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ForSource_HasTheBundledModelsList_AndNothingForOtherModels()
    {
        Assert.NotEmpty(Fp32NodeLists.ForSource(BundledModel.Sha256));
        Assert.NotEmpty(Fp32NodeLists.ForSource(BundledModel.Sha256.ToUpperInvariant()));
        Assert.Empty(Fp32NodeLists.ForSource(new string('0', 64)));
        Assert.Empty(QuantizationOptions.ForSource(new string('0', 64)).ExcludedNodes);
    }

    [Theory]
    [InlineData("ok", true)]
    [InlineData("thank you", true)]
    [InlineData("  good   morning! ", true)]
    [InlineData("see you later", false)]
    [InlineData("谢谢", true)]
    [InlineData("好久不见", true)]
    [InlineData("ありがとう", false)]
    [InlineData("今天天气怎么样？", false)]
    [InlineData("NAS 备份", true)]
    public void IsShort_CountsWordsBySpaces_AndTwoCharactersOfChineseOrJapaneseAsOne(string text, bool expected)
    {
        Assert.Equal(expected, SensitivitySweep.IsShort(text));
    }
}
