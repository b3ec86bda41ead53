using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class ResourceVersionsTests
{
    [Theory]
    [InlineData("9", "10", -1)]
    [InlineData("10", "9", 1)]
    [InlineData("123", "123", 0)]
    [InlineData("200", "199", 1)]
    [InlineData("1", "1000000000000000000000000", -1)]
    [InlineData("0", "1", null)]
    [InlineData("012", "12", null)]
    [InlineData("abc", "12", null)]
    [InlineData("", "12", null)]
    [InlineData(null, "12", null)]
    public void Compare_OrdersWellFormedVersionsByLengthThenDigits_AndNothingElse(string? a, string? b, int? expected)
    {
        Assert.Equal(expected, ResourceVersions.Compare(a, b));
    }
}
