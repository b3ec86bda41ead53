using System.Text;
using NasAssistant.Gateway.Channels.Slack;

namespace NasAssistant.Gateway.Tests.Channels.Slack;

public sealed class SlackSignatureTests
{
    // The worked example of Slack's "Verifying requests from Slack".
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_531_420_618);

    [Fact]
    public void Compute_GivesTheDocumentedSignature()
    {
        Assert.Equal(Signature, SlackSignature.Compute(Secret, Timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(299)]
    [InlineData(-299)]
    [InlineData(300)]
    public void Check_PassesTheDocumentedRequest_WithinFiveMinutes(int seconds)
    {
        Assert.Null(SlackSignature.Check(Secret, Timestamp, Signature, Encoding.UTF8.GetBytes(Body), SignedAt.AddSeconds(seconds)));
    }

    [Theory]
    [InlineData(Timestamp, Signature, Body, 301, "more than five minutes")]
    [InlineData(Timestamp, Signature, Body, -301, "more than five minutes")]
    [InlineData(Timestamp, Signature, Body + "&admin=true", 0, "does not match")]
    [InlineData("1531420619", Signature, Body, 0, "does not match")]
    [InlineData(Timestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504", Body, 0, "does not match")]
    [InlineData(Timestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", Body, 0, "does not match")]
    [InlineData(Timestamp, "", Body, 0, "no X-Slack-Request-Timestamp")]
    [InlineData("", Signature, Body, 0, "no X-Slack-Request-Timestamp")]
    [InlineData("1531420618.5", Signature, Body, 0, "more than five minutes")]
    public void Check_RefusesWithTheReason(string timestamp, string signature, string body, int seconds, string reason)
    {
        Assert.Contains(reason, SlackSignature.Check(Secret, timestamp, signature, Encoding.UTF8.GetBytes(body), SignedAt.AddSeconds(seconds)), StringComparison.Ordinal);
    }
}
