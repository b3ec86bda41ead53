using Microsoft.Extensions.Time.Testing;
using NasAssistant.Gateway.Channels.DingTalk;

namespace NasAssistant.Gateway.Tests.Channels.DingTalk;

public sealed class DingTalkReplayGuardTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void TwoMessagesSignedInTheSameMillisecond_AreBothAdmitted()
    {
        var guard = new DingTalkReplayGuard(_time);

        Assert.True(guard.Admits("sign-a", "msg-1"));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(guard.Admits("sign-a", "msg-2"));
    }

    [Fact]
    public void SignatureSeenLongerThanABurstAgo_RefusesANewMessage_ButAdmitsRedeliveriesOfItsOwn()
    {
        var guard = new DingTalkReplayGuard(_time);
        Assert.True(guard.Admits("sign-a", "msg-1"));
        Assert.True(guard.Admits("sign-a", "msg-2"));

        _time.Advance(DingTalkReplayGuard.Burst + TimeSpan.FromMilliseconds(1));

        Assert.False(guard.Admits("sign-a", "forged"));
        Assert.True(guard.Admits("sign-a", "msg-1"));
        Assert.True(guard.Admits("sign-a", "msg-2"));
        Assert.True(guard.Admits("sign-b", "msg-3"));
    }

    [Fact]
    public void SignatureForgottenAfterItsTwoHours_IsTreatedAsNew()
    {
        var guard = new DingTalkReplayGuard(_time);
        Assert.True(guard.Admits("sign-a", "msg-1"));

        _time.Advance((2 * DingTalkSignature.Window) + TimeSpan.FromSeconds(1));

        Assert.True(guard.Admits("sign-a", "other"));
    }
}
