using NasAssistant.FakeKube.Printing;

namespace NasAssistant.FakeKube.Tests.Printing;

/// <summary>Cases from apimachinery's duration_test.go (durations in milliseconds).</summary>
public sealed class HumanDurationTests
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private const long Year = 365 * Day;

    [Theory]
    [InlineData(-2 * Second, "<invalid>")]
    [InlineData(0, "0s")]
    [InlineData(Second - 1, "0s")]
    [InlineData(70 * Second, "70s")]
    [InlineData((2 * Minute) - 1, "119s")]
    [InlineData(2 * Minute, "2m")]
    [InlineData((2 * Minute) + Second, "2m1s")]
    [InlineData(190 * Second, "3m10s")]
    [InlineData((10 * Minute) - 1, "9m59s")]
    [InlineData((10 * Minute) + Second, "10m")]
    [InlineData(70 * Minute, "70m")]
    [InlineData((3 * Hour) - 1, "179m")]
    [InlineData((3 * Hour) + Minute, "3h1m")]
    [InlineData((8 * Hour) - 1, "7h59m")]
    [InlineData((8 * Hour) + (59 * Minute), "8h")]
    [InlineData(47 * Hour, "47h")]
    [InlineData(49 * Hour, "2d1h")]
    [InlineData((8 * Day) - 1, "7d23h")]
    [InlineData((8 * Day) + (2 * Hour), "8d")]
    [InlineData(367 * Day, "367d")]
    [InlineData((2 * Year) - 1, "729d")]
    [InlineData((2 * Year) + (24 * Hour) - 1, "2y")]
    [InlineData((2 * Year) + Day + Hour, "2y1d")]
    [InlineData((8 * Year) - 1, "7y364d")]
    [InlineData((8 * Year) + (364 * Day), "8y")]
    public void Long_MatchesHumanDuration(long milliseconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Long(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData(-2 * Second, "<invalid>")]
    [InlineData(0, "0s")]
    [InlineData(Second, "1s")]
    [InlineData((2 * Second) - 1, "1s")]
    [InlineData(Minute - 1, "59s")]
    [InlineData(Minute, "1m")]
    [InlineData(Hour - 1, "59m")]
    [InlineData(Hour, "1h")]
    [InlineData(Day - 1, "23h")]
    [InlineData(Day, "1d")]
    [InlineData(Year - 1, "364d")]
    [InlineData(Year, "1y")]
    [InlineData((2 * Year) - 1, "1y")]
    [InlineData(2 * Year, "2y")]
    public void Short_MatchesShortHumanDuration(long milliseconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Short(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void JustUnderTwoSecondsInTheFuture_CountsAsNow()
    {
        var almostTwoSecondsAhead = TimeSpan.FromTicks((-2 * TimeSpan.TicksPerSecond) + 1);

        Assert.Equal("0s", HumanDuration.Long(almostTwoSecondsAhead));
        Assert.Equal("0s", HumanDuration.Short(almostTwoSecondsAhead));
    }
}
