using NasAssistant.Runtime.Knowledge;

namespace NasAssistant.Runtime.Tests.Knowledge;

public sealed class TextChunkerTests
{
    private static readonly string LongText = string.Join(
        "\n\n",
        Enumerable.Range(0, 40).Select(p => string.Join(' ', Enumerable.Range(0, 15 + (p * 7 % 60)).Select(w => $"word{p}x{w}")) + "."));

    [Theory]
    [InlineData(100, 0)]
    [InlineData(200, 50)]
    [InlineData(800, 100)]
    [InlineData(1000, 500)]
    public void Chunks_NeverExceedTheBound_AndCoverEveryWord(int size, int overlap)
    {
        var chunks = TextChunker.Split(LongText, size, overlap);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, size));
        var words = LongText.Split([' ', '\n', '.'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var covered = chunks.SelectMany(c => c.Split([' ', '\n', '.'], StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        Assert.Subset(covered, words);
    }

    [Fact]
    public void UnbrokenText_IsCutHard_WithinTheBound()
    {
        var chunks = TextChunker.Split(new string('x', 1000), 300, 0);

        Assert.Equal(new[] { 300, 300, 300, 100 }, chunks.Select(c => c.Length));
    }

    [Fact]
    public void ShortParagraphs_ArePackedWhole()
    {
        var text = "First paragraph about printers.\n\nSecond paragraph about toner.\n\n\n   \nThird paragraph about paper.";

        var chunks = TextChunker.Split(text, 800, 100);

        Assert.Equal(["First paragraph about printers.\n\nSecond paragraph about toner.\n\nThird paragraph about paper."], chunks);
    }

    [Fact]
    public void ParagraphsThatDoNotFit_StartANewChunk_AtTheParagraphBoundary()
    {
        var first = new string('a', 60) + " end of first.";
        var second = new string('b', 60) + " end of second.";

        var chunks = TextChunker.Split($"{first}\r\n\r\n{second}", 100, 0);

        Assert.Equal([first, second], chunks);
    }

    [Fact]
    public void EachChunk_OpensWithTheTailOfTheOneBefore()
    {
        var chunks = TextChunker.Split(LongText, 300, 60);

        for (var i = 1; i < chunks.Count; i++)
        {
            var previous = chunks[i - 1];
            var carried = Enumerable.Range(1, 60).Where(k => chunks[i].StartsWith(previous[^k..], StringComparison.Ordinal)).DefaultIfEmpty(0).Max();

            // At most the overlap, less at most one partial word dropped to start on a word.
            Assert.InRange(carried, 40, 60);
        }
    }

    [Fact]
    public void LongParagraph_IsCutAtASentenceEnd()
    {
        var paragraph = string.Concat(Enumerable.Range(0, 20).Select(i => $"Sentence number {i:00} is here. "));

        var chunks = TextChunker.Split(paragraph, 200, 0);

        Assert.All(chunks, c => Assert.EndsWith(".", c, StringComparison.Ordinal));
    }

    [Fact]
    public void BlankText_HasNoChunks()
    {
        Assert.Empty(TextChunker.Split("  \n\n \r\n ", 800, 100));
    }
}
