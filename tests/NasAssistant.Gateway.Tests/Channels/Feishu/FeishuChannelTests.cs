using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Tests.Fakes.Feishu;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Channels.Feishu;

/// <summary>The Feishu bot against the fake Feishu and the real assistant, with and without an Encrypt Key.</summary>
[Collection(SharedAssistant.Name)]
public sealed class FeishuChannelTests(AssistantServer assistant) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UrlCheck_IsAnsweredWithItsChallenge(bool encrypted)
    {
        await using var feishu = await FakeFeishu.StartAsync(encrypted);
        await using var gateway = await StartAsync(feishu);

        using var response = await feishu.VerifyUrlAsync(gateway.WebhookAddress, "ajls384kdjx98XX");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ajls384kdjx98XX", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("challenge").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UrlCheck_WithAnotherVerificationToken_IsRefusedWith401(bool encrypted)
    {
        await using var feishu = await FakeFeishu.StartAsync(encrypted);
        await using var gateway = await StartAsync(feishu);

        using var response = await feishu.VerifyUrlAsync(gateway.WebhookAddress, "ajls384kdjx98XX", token: "someone-elses-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(gateway.Logs.Contains("the Verification Token does not match"));
    }

    [Fact]
    public async Task PlainEvent_WithoutEncryption_IsAnswered_AndAnotherTokenIsRefused()
    {
        await using var feishu = await FakeFeishu.StartAsync(encrypted: false);
        await using var gateway = await StartAsync(feishu);

        using var forged = await feishu.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeFeishu.Alice, "/start"), forged: true);
        using var genuine = await feishu.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeFeishu.Alice, "/start"));
        await feishu.WaitUntilAsync(f => f.Replies.Count >= 1, Limit, "the greeting");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(FakeFeishu.P2pChatOf(FakeFeishu.Alice), Assert.Single(feishu.Replies).To);
    }

    [Fact]
    public async Task PlainOrUnsignedEvent_WhenTheChannelHasAnEncryptKey_IsRefusedWith401()
    {
        await using var feishu = await FakeFeishu.StartAsync(encrypted: true);
        await using var gateway = await StartAsync(feishu);
        var @event = Event(feishu, "/start");

        using var plain = await PostAsync(gateway, @event);
        using var unsigned = await PostAsync(gateway, new JsonObject { ["encrypt"] = FakeFeishu.Encrypt(@event, feishu.EncryptKey!) }.ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.True(gateway.Logs.Contains("a plain event, but the channel expects them encrypted"));
        Assert.True(gateway.Logs.Contains("an event without X-Lark-Signature"));
    }

    [Fact]
    public async Task GroupMessage_MentioningTheBot_IsAnsweredInTheGroup_WithoutTheMention()
    {
        await using var feishu = await FakeFeishu.StartAsync();
        await using var gateway = await StartAsync(feishu);

        using var response = await feishu.DeliverAsync(gateway.WebhookAddress, PlatformMessage.InGroup(FakeFeishu.FamilyChat, FakeFeishu.Bob, "When does the backup run?"));
        await feishu.WaitUntilAsync(f => f.Replies.Count >= 1, Limit, "the answer");

        var answer = Assert.Single(feishu.Replies);
        Assert.Equal(FakeFeishu.FamilyChat, answer.To);
        Assert.Contains("02:00", answer.Text, StringComparison.Ordinal);
        var conversation = await File.ReadAllTextAsync(Path.Combine(assistant.SessionsDirectory, ConversationIds.First("feishu", FakeFeishu.FamilyChat) + ".log"));
        Assert.DoesNotContain("@_user_1", conversation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupMessage_NotMentioningTheBot_IsConfirmed_ButNotAnswered()
    {
        await using var feishu = await FakeFeishu.StartAsync();
        await using var gateway = await StartAsync(feishu);
        var chatter = Event(feishu, "dinner at seven, everyone?", chat: FakeFeishu.FamilyChat);

        using var response = await feishu.PostEventAsync(gateway.WebhookAddress, chatter, forged: false);
        using var greeting = await feishu.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeFeishu.Alice, "/start"));
        await feishu.WaitUntilAsync(f => f.Replies.Count >= 1, Limit, "the greeting");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Replies.Greeting, Assert.Single(feishu.Replies).Text);
    }

    [Fact]
    public async Task RateLimit_IsWaitedOut_AsTheResetHeaderSays_AndShownInStatus()
    {
        await using var feishu = await FakeFeishu.StartAsync();
        await using var gateway = await StartAsync(feishu);
        feishu.FailNext("im/v1/messages", new PlatformFault(429, """{"code":99991400,"msg":"request trigger frequency limit"}""",
            new Dictionary<string, string> { ["x-ogw-ratelimit-limit"] = "5", ["x-ogw-ratelimit-reset"] = "2" }));
        var started = DateTime.UtcNow;

        using var response = await feishu.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeFeishu.Alice, "/start"));
        await gateway.WaitForReasonAsync(ChannelReasons.RateLimited, Limit);
        await feishu.WaitUntilAsync(f => f.Replies.Count >= 1, Limit, "the greeting after the wait");

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2), "sent again before the reset");
        Assert.Equal(2, feishu.Calls.Count(c => c == "im/v1/messages"));
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
    }

    public void Dispose() => _directory.Dispose();

    private static string Event(FakeFeishu feishu, string text, string? chat = null) => new JsonObject
    {
        ["schema"] = "2.0",
        ["header"] = new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString("N"),
            ["token"] = feishu.VerificationToken,
            ["create_time"] = "1700000000000",
            ["event_type"] = "im.message.receive_v1",
            ["tenant_key"] = "736588c9260f175d",
            ["app_id"] = feishu.AppId,
        },
        ["event"] = new JsonObject
        {
            ["sender"] = new JsonObject { ["sender_id"] = new JsonObject { ["open_id"] = FakeFeishu.Alice }, ["sender_type"] = "user" },
            ["message"] = new JsonObject
            {
                ["message_id"] = "om_" + Guid.NewGuid().ToString("N"),
                ["chat_id"] = chat ?? FakeFeishu.P2pChatOf(FakeFeishu.Alice),
                ["chat_type"] = chat is null ? "p2p" : "group",
                ["message_type"] = "text",
                ["content"] = new JsonObject { ["text"] = text }.ToJsonString(),
            },
        },
    }.ToJsonString();

    private static async Task<HttpResponseMessage> PostAsync(GatewayUnderTest gateway, string body)
    {
        using var http = new HttpClient();
        return await http.PostAsync(gateway.WebhookAddress, new StringContent(body, Encoding.UTF8, "application/json"));
    }

    private async Task<GatewayUnderTest> StartAsync(FakeFeishu feishu)
    {
        var gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.Configure(_directory, feishu.Channel("feishu", _directory), assistant.BaseAddress));
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        return gateway;
    }
}
