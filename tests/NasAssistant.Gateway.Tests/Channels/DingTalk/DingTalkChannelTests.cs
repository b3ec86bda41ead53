using System.Net;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Channels.DingTalk;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Tests.Fakes.DingTalk;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Channels.DingTalk;

/// <summary>The DingTalk robot against the fake DingTalk and the real assistant.</summary>
[Collection(SharedAssistant.Name)]
public sealed class DingTalkChannelTests(AssistantServer assistant) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private FakeDingTalk _dingtalk = null!;

    public async Task InitializeAsync() => _dingtalk = await FakeDingTalk.StartAsync();

    public async Task DisposeAsync() => await _dingtalk.DisposeAsync();

    [Fact]
    public async Task GroupMessage_InAnAllowedGroup_IsAnsweredInTheGroup_WhoeverAsked()
    {
        await using var gateway = await StartAsync(assistant.BaseAddress);

        using var response = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.InGroup(FakeDingTalk.FamilyGroup, FakeDingTalk.LiuYang, "When does the backup run?"));
        await _dingtalk.WaitUntilAsync(d => d.Replies.Count >= 1, Limit, "the answer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(_dingtalk.Replies);
        Assert.Equal(FakeDingTalk.FamilyGroup, answer.To);
        Assert.Contains("02:00", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupMessage_InAGroupNotAllowed_GetsOneRefusal_NamingTheGroup()
    {
        await using var gateway = await StartAsync(assistant.BaseAddress);
        const string Other = "cidOtHeRgRoUp0a1b2c3d4==";

        using var first = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.InGroup(Other, FakeDingTalk.ZhangWei, "When does the backup run?"));
        using var second = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.InGroup(Other, FakeDingTalk.ZhangWei, "Hello?"));
        await _dingtalk.WaitUntilAsync(d => d.Replies.Count >= 1, Limit, "the refusal");
        using var greeting = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeDingTalk.ZhangWei, "/start"));
        await _dingtalk.WaitUntilAsync(d => d.Replies.Count >= 2, Limit, "the greeting");

        var refusal = Assert.Single(_dingtalk.Replies, r => r.To == Other);
        Assert.Contains(Other, refusal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleTimestamp_IsRefusedWith401()
    {
        await using var gateway = await StartAsync(assistant.BaseAddress);
        _dingtalk.SignedAt = DateTimeOffset.UtcNow.AddMinutes(-61);

        using var response = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeDingTalk.ZhangWei, "/start"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(gateway.Logs.Contains("more than an hour from now"));
    }

    [Fact]
    public async Task SignatureSeenWithOneMessage_IsRefusedWithAnother_ButItsRedeliveryPasses()
    {
        await using var gateway = await StartAsync(assistant.BaseAddress);
        _dingtalk.SignedAt = DateTimeOffset.UtcNow;
        var question = PlatformMessage.Private(FakeDingTalk.ZhangWei, "/start");

        using var first = await _dingtalk.DeliverAsync(gateway.WebhookAddress, question);
        await Task.Delay(DingTalkReplayGuard.Burst + TimeSpan.FromMilliseconds(200)); // a replay comes later than a same-millisecond burst
        using var replayed = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeDingTalk.ZhangWei, "What is the guest wifi password?"));
        using var redelivered = await _dingtalk.DeliverAsync(gateway.WebhookAddress, question);
        await _dingtalk.WaitUntilAsync(d => d.Replies.Count >= 1, Limit, "the greeting");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(Replies.Greeting, Assert.Single(_dingtalk.Replies).Text);
    }

    [Fact]
    public async Task SessionWebhookOutsideTheApiServer_IsRefusedWith400_AndNothingIsSentThere()
    {
        await using var gateway = await StartAsync(assistant.BaseAddress);
        _dingtalk.SessionWebhookOverride = "https://attacker.example/robot/sendBySession?session=stolen";

        using var response = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeDingTalk.ZhangWei, "What is the guest wifi password?"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(gateway.Logs.Contains("the sessionWebhook is not under"));
    }

    [Fact]
    public async Task AnswerReadyAfterTheSessionWebhookExpired_IsGivenUp_NotRetried()
    {
        await using var slow = await SlowAssistantProxy.StartAsync(assistant.BaseAddress, TimeSpan.FromSeconds(2));
        await using var gateway = await StartAsync(slow.BaseAddress);
        _dingtalk.SessionLifetime = TimeSpan.FromSeconds(1);

        using var expiring = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeDingTalk.ZhangWei, "When does the heat pump run?"));
        _dingtalk.SessionLifetime = TimeSpan.FromMinutes(90);
        using var greeting = await _dingtalk.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeDingTalk.ZhangWei, "/start"));
        await _dingtalk.WaitUntilAsync(d => d.Replies.Count >= 1, Limit, "the greeting after the expired answer");

        Assert.Equal(Replies.Greeting, Assert.Single(_dingtalk.Replies).Text);
        Assert.DoesNotContain("sendBySession", _dingtalk.Calls.Take(_dingtalk.Calls.Count - 1));
        Assert.True(gateway.Logs.Contains("cannot be delivered and is given up", "session webhook expired"));
        Assert.Equal(ChannelReasons.Connected, (await gateway.StatusAsync()).GetProperty("reason").GetString());
    }

    public void Dispose() => _directory.Dispose();

    private async Task<GatewayUnderTest> StartAsync(Uri assistantAddress)
    {
        var gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.Configure(_directory, _dingtalk.Channel("dingtalk", _directory), assistantAddress));
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        return gateway;
    }
}
