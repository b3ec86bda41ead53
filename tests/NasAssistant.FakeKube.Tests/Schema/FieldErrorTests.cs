using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Tests.Schema;

/// <summary>Bad values in field errors (the schema's among them) print as apimachinery's field.Error prints them: strings with Go's %q, not JSON escapes.</summary>
public sealed class FieldErrorTests
{
    [Theory]
    [InlineData("home/+", "\"home/+\"")]
    [InlineData("<a&b>", "\"<a&b>\"")]
    [InlineData("李雷", "\"李雷\"")]
    [InlineData("say \"hi\"\n", "\"say \\\"hi\\\"\\n\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    public void Render_QuotesStringsAsGoDoes(string value, string expected) =>
        Assert.Equal(expected, FieldError.Render(JsonValue.Create(value)));

    [Fact]
    public void Render_PrintsNumbersBare() => Assert.Equal("-1", FieldError.Render(JsonValue.Create(-1)));
}
