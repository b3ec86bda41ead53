using NasAssistant.Gateway.Channels.DingTalk;

namespace NasAssistant.Gateway.Tests.Channels.DingTalk;

public sealed class DingTalkSignatureTests
{
    // DingTalk publishes the algorithm, not a signed request: the documentation's example header timestamp and
    // example secret, signed with openssl:
    //   printf '1577262236757\nthis is secret' | openssl dgst -sha256 -hmac 'this is secret' -binary | base64
    private const string Secret = "this is secret";
    private const string Timestamp = "1577262236757";
    private const string Sign = "hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_577_262_236_757);

    [Fact]
    public void Compute_GivesWhatOpensslGives()
    {
        Assert.Equal(Sign, DingTalkSignature.Compute(Secret, Timestamp));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(59)]
    [InlineData(-59)]
    [InlineData(60)]
    [InlineData(-60)]
    public void Check_PassesTheRightSign_WithinAnHourEitherWay(int minutes)
    {
        Assert.Null(DingTalkSignature.Check(Secret, Timestamp, Sign, SignedAt.AddMinutes(minutes)));
    }

    [Theory]
    [InlineData(Timestamp, Sign, 61, "more than an hour")]
    [InlineData(Timestamp, Sign, -61, "more than an hour")]
    [InlineData(Timestamp, "hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQN=", 0, "sign does not match")]
    [InlineData("1577262236758", Sign, 0, "sign does not match")]
    [InlineData("", Sign, 0, "no timestamp and sign headers")]
    [InlineData(Timestamp, "", 0, "no timestamp and sign headers")]
    [InlineData("-1577262236757", Sign, 0, "more than an hour")]
    [InlineData("99999999999999999999", Sign, 0, "more than an hour")]
    public void Check_RefusesWithTheReason(string timestamp, string sign, int minutes, string reason)
    {
        Assert.Contains(reason, DingTalkSignature.Check(Secret, timestamp, sign, SignedAt.AddMinutes(minutes)), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RefusesASignUnderAnotherSecret()
    {
        Assert.Contains("does not match", DingTalkSignature.Check("this is secreT", Timestamp, Sign, SignedAt), StringComparison.Ordinal);
    }
}
