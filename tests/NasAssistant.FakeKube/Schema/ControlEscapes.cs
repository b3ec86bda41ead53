namespace NasAssistant.FakeKube.Schema;

/// <summary>The single-letter escapes Go and CEL string literals share: <c>\a \b \f \n \r \t \v</c>.</summary>
internal static class ControlEscapes
{
    private const string Letters = "abfnrtv";
    private const string Controls = "\a\b\f\n\r\t\v";

    /// <summary>The character <c>\letter</c> stands for, or null.</summary>
    public static char? Decode(char letter) => Letters.IndexOf(letter, StringComparison.Ordinal) is >= 0 and var i ? Controls[i] : null;

    /// <summary>The letter that escapes a control character, or null.</summary>
    public static char? Encode(char control) => Controls.IndexOf(control, StringComparison.Ordinal) is >= 0 and var i ? Letters[i] : null;
}
