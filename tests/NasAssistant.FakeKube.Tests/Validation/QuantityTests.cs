using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>Quantity parsing and serialisation, tables from k8s.io/apimachinery/pkg/api/resource/quantity_test.go.</summary>
public sealed class QuantityTests
{
    // TestQuantityString: the canonical form is kept as written; the alternate spelling becomes it.
    [Theory]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("300Mi", "307200Ki")]
    [InlineData("6Ki", "")]
    [InlineData("1001Gi", "1025024Mi")]
    [InlineData("1Ti", "1024Gi")]
    [InlineData("5", "5000m")]
    [InlineData("500m", "0.5")]
    [InlineData("1G", "1000M")]
    [InlineData("1G", "0.001T")]
    [InlineData("1m", "1000u")]
    [InlineData("80m", "")]
    [InlineData("1080m", "1.08")]
    [InlineData("1080m", "1080000000n")]
    [InlineData("300M", "")]
    [InlineData("1T", "")]
    [InlineData("1234567M", "")]
    [InlineData("1234567m", "")]
    [InlineData("3k", "")]
    [InlineData("1025", "")]
    [InlineData("0", "00")]
    [InlineData("1e9", ".001e12")]
    [InlineData("1e-3", "0.001e0")]
    [InlineData("1e-9", "1000e-12")]
    [InlineData("80e-3", "")]
    [InlineData("300e6", "")]
    [InlineData("1e12", "")]
    [InlineData("3e3", "")]
    [InlineData("1n", "")]
    [InlineData("1080n", "")]
    [InlineData("1u", "")]
    [InlineData("1080u", "")]
    public void Serialises_CanonicalForm(string canonical, string alternate)
    {
        Assert.Equal(canonical, Parse(canonical).ToString());
        if (alternate.Length > 0)
        {
            Assert.Equal(canonical, Parse(alternate).ToString());
        }

        if (canonical != "0")
        {
            Assert.Equal("-" + canonical, Parse("-" + canonical).ToString());
        }
    }

    // TestQuantityParseEmit.
    [Theory]
    [InlineData("1Ki", "1Ki")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1000M", "1G")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("2000", "2k")]
    [InlineData("1.234k", "1.234k")]
    public void Parses_AndEmits(string input, string expected)
    {
        Assert.Equal(expected, Parse(input).ToString());
        Assert.Equal("-" + expected, Parse("-" + input).ToString());
    }

    // TestQuantityParse: the value (compared exactly) and the format remembered.
    [Theory]
    [InlineData("0n", "0", "DecimalSI")]
    [InlineData("8Ki", "8192", "BinarySI")]
    [InlineData("3Ei", "3458764513820540928", "BinarySI")]
    [InlineData("50k", "50000", "DecimalSI")]
    [InlineData("1E", "1000000000000000000", "DecimalSI")]
    [InlineData("1E-3", "0.001", "DecimalExponent")]
    [InlineData("100.035k", "100035", "DecimalSI")]
    [InlineData("0.0005k", "0.5", "DecimalSI")]
    [InlineData("1.3E+6", "1300000", "DecimalExponent")]
    [InlineData("3.001n", "0.000000004", "DecimalSI")]
    [InlineData("1.1E-9", "0.000000002", "DecimalExponent")]
    [InlineData("0.00000012345", "0.000000124", "DecimalSI")]
    [InlineData("9Ei", "9223372036854775807", "BinarySI")]
    [InlineData("12E", "12000000000000000000", "DecimalSI")]
    [InlineData("100.035Ki", "102435.84", "BinarySI")]
    [InlineData("0.000000000001Ki", "0.000000002", "DecimalSI")]
    [InlineData("1.", "1", "DecimalSI")]
    [InlineData("1.G", "1000000000", "DecimalSI")]
    public void Parses_ValueAndFormat(string input, string value, string format)
    {
        var parsed = Parse(input);
        Assert.Equal(0, parsed.CompareTo(Parse(value)));
        Assert.Equal(format, parsed.Format.ToString());
        Assert.Equal(0, Parse("+" + input).CompareTo(parsed));
    }

    [Theory]
    [InlineData("", Quantity.FormatError)]
    [InlineData("1.1.M", Quantity.FormatError)]
    [InlineData("1+1.0M", Quantity.FormatError)]
    [InlineData("0.1mi", Quantity.SuffixError)]
    [InlineData("0.1am", Quantity.FormatError)]
    [InlineData("aoeu", Quantity.FormatError)]
    [InlineData(".5i", Quantity.SuffixError)]
    [InlineData("1i", Quantity.SuffixError)]
    [InlineData("-3.01e-", Quantity.SuffixError)]
    [InlineData(" 1", Quantity.FormatError)]
    [InlineData("1 ", Quantity.FormatError)]
    [InlineData("1Gb", Quantity.FormatError)]
    public void Rejects_InvalidQuantity(string input, string error)
    {
        Assert.Null(Quantity.Parse(input, out var message));
        Assert.Equal(error, message);
    }

    // TestQuantityRoundUp, at the milli scale the core API rounds resource lists to.
    [Theory]
    [InlineData("9.01", "9010m")]
    [InlineData("0.1m", "1m")]
    [InlineData("-0.1m", "-1m")]
    [InlineData("100u", "1m")]
    [InlineData("1.5Gi", "1536Mi")]
    public void RoundsUp_ToMilli(string input, string expected) => Assert.Equal(expected, Parse(input).RoundUp(-3).ToString());

    private static Quantity Parse(string text) => Quantity.Parse(text, out var error) ?? throw new FormatException(error);
}
