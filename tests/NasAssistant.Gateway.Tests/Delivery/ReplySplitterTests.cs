using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Tests.Delivery;

public sealed class ReplySplitterTests
{
    [Theory]
    [InlineData("short answer", 20, new[] { "short answer" })]
    [InlineData("first paragraph here\n\nsecond one", 25, new[] { "first paragraph here", "second one" })]
    [InlineData("line one\nline two\n\nnext paragraph that is long", 20, new[] { "line one\nline two", "next paragraph that", "is long" })]
    [InlineData("aaaa bbbb cccc", 9, new[] { "aaaa bbbb", "cccc" })]
    [InlineData("abcdefghij", 4, new[] { "abcd", "efgh", "ij" })]
    [InlineData("  \n\n  ", 10, new string[0])]
    public void Splits_AtTheLastBoundaryThatFits(string text, int limit, string[] expected)
    {
        Assert.Equal(expected, ReplySplitter.Split(text, limit));
    }

    [Fact]
    public void TelegramSizedReply_SplitsOnParagraphs_EachPartWithinTheLimit()
    {
        var paragraphs = Enumerable.Range(0, 12).Select(i => $"Paragraph {i}: " + new string((char)('a' + i), 900)).ToArray();

        var parts = ReplySplitter.Split(string.Join("\n\n", paragraphs), 4096);

        Assert.All(parts, p => Assert.InRange(p.Length, 1, 4096));
        Assert.Equal(string.Join("\n\n", paragraphs), string.Join("\n\n", parts));
        Assert.All(parts, p => Assert.StartsWith("Paragraph", p, StringComparison.Ordinal));
    }

    [Fact]
    public void NeverCutsASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 10));

        var parts = ReplySplitter.Split(text, 5);

        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.Equal(text, string.Concat(parts));
    }
}
