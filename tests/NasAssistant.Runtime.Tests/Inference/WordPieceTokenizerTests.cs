using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Runtime.Tests.Inference;

public sealed class WordPieceTokenizerTests
{
    private readonly WordPieceTokenizer _tokenizer = WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256);

    [Theory]
    [InlineData("hello world")]
    [InlineData("Hello World")]
    [InlineData("  HELLO   world ")]
    public void Encode_LowerCasesAndWrapsInClsAndSep(string text)
    {
        Assert.Equal([101, 7592, 2088, 102], _tokenizer.Encode(text));
    }

    [Fact]
    public void Encode_SplitsUnknownWordsIntoWordPieces()
    {
        var ids = _tokenizer.Encode("unaffable");

        Assert.True(ids.Length > 3, "a rare word becomes several pieces");
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
    }

    [Fact]
    public void Encode_TruncatesLongTextToMaxTokens_KeepingTheClosingSep()
    {
        var ids = _tokenizer.Encode(string.Join(' ', Enumerable.Repeat("backup", 1000)));

        Assert.Equal(256, ids.Length);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
    }
}
