using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Tests.Generation;

public sealed class StopSequenceFilterTests
{
    public static TheoryData<string[], string[], string[], bool> Cases => new()
    {
        // pieces, stops, what each push returns then the flush, stopped
        { ["Hel", "lo"], [], ["Hel", "lo", ""], false },
        { ["Hello", " END", " more"], ["END"], ["Hello", " ", "", ""], true },
        { ["ab", "cE", "N", "Dxyz"], ["END"], ["ab", "c", "", "", ""], true },
        { ["ab", "cE", "N", "x"], ["END"], ["ab", "c", "", "ENx", ""], false },
        { ["xE", "N"], ["END"], ["x", "", "EN"], false },
        { ["a<", "/b>"], ["</b>", "<x"], ["a", "", ""], true },
        { ["one\nUs", "er: hi"], ["\nUser:"], ["one", "", ""], true },
        { ["stopnow"], ["now", "stop"], ["", ""], true },
        { ["aaa"], ["aab"], ["a", "aa"], false },
        { ["x"], [""], ["x", ""], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Push_HoldsBackPossibleStopsAndCutsAtTheFirstMatch(string[] pieces, string[] stops, string[] expected, bool stopped)
    {
        var filter = new StopSequenceFilter(stops);
        var outputs = pieces.Select(filter.Push).ToList();
        outputs.Add(filter.Flush());

        Assert.Equal(expected, outputs.ToArray());
        Assert.Equal(stopped, filter.Stopped);
    }

    [Fact]
    public void AfterAStop_LaterPiecesAreDropped()
    {
        var filter = new StopSequenceFilter(["!"]);
        Assert.Equal("hi", filter.Push("hi!"));
        Assert.Equal("", filter.Push("more"));
        Assert.Equal("", filter.Flush());
    }
}
