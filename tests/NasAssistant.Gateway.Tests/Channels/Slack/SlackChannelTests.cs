using System.Net;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Tests.Fakes.Slack;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Channels.Slack;

/// <summary>A Slack app's Events API and slash commands against the fake Slack and the real assistant.</summary>
[Collection(SharedAssistant.Name)]
public sealed class SlackChannelTests(AssistantServer assistant) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private FakeSlack _slack = null!;
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.Configure(_directory, _slack.Channel("slack", _directory), assistant.BaseAddress));
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task UrlVerification_IsAnsweredWithItsChallenge_OnlyWhenSigned()
    {
        using var signed = await _slack.VerifyUrlAsync(_gateway.WebhookAddress, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        using var forged = await _slack.VerifyUrlAsync(_gateway.WebhookAddress, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", forged: true);

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("""{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}""", await signed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Retries_WithXSlackRetryNum_AreAnsweredOnce()
    {
        var question = PlatformMessage.Private(FakeSlack.Alice, "What is the guest wifi password?");

        using var first = await _slack.DeliverAsync(_gateway.WebhookAddress, question);
        using var retry1 = await _slack.DeliverAsync(_gateway.WebhookAddress, question, retry: 1);
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 1, Limit, "the answer");
        using var retry2 = await _slack.DeliverAsync(_gateway.WebhookAddress, question, retry: 2);
        using var greeting = await _slack.SlashCommandAsync(_gateway.WebhookAddress, FakeSlack.Alice, FakeSlack.DirectChannelOf(FakeSlack.Alice), "/start");
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 2, Limit, "the greeting after the retries");

        Assert.All(new[] { first, retry1, retry2 }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(_slack.Replies, r => r.Text.Contains("fridge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mention_InAnAllowedChannel_IsAnsweredInItsThread_WithoutTheMention()
    {
        using var response = await _slack.DeliverAsync(_gateway.WebhookAddress, PlatformMessage.InGroup(FakeSlack.FamilyChannel, FakeSlack.Bob, "When does the backup run?"));
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 1, Limit, "the answer");

        var answer = Assert.Single(_slack.Replies);
        Assert.Equal(FakeSlack.FamilyChannel, answer.To);
        Assert.NotNull(answer.Thread);
        Assert.Contains("02:00", answer.Text, StringComparison.Ordinal);
        var conversation = await File.ReadAllTextAsync(Path.Combine(assistant.SessionsDirectory, ConversationIds.First("slack", $"{FakeSlack.Team}:{FakeSlack.FamilyChannel}") + ".log"));
        Assert.DoesNotContain(FakeSlack.BotUser, conversation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mention_InAChannelNotAllowed_GetsOneRefusal()
    {
        using var first = await _slack.DeliverAsync(_gateway.WebhookAddress, PlatformMessage.InGroup("C0GARDEN1", FakeSlack.Alice, "When does the backup run?"));
        using var second = await _slack.DeliverAsync(_gateway.WebhookAddress, PlatformMessage.InGroup("C0GARDEN1", FakeSlack.Alice, "Hello?"));
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 1, Limit, "the refusal");
        using var greeting = await _slack.SlashCommandAsync(_gateway.WebhookAddress, FakeSlack.Alice, FakeSlack.DirectChannelOf(FakeSlack.Alice), "/start");
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 2, Limit, "the greeting");

        var refusal = Assert.Single(_slack.Replies, r => r.To == "C0GARDEN1");
        Assert.Contains($"{FakeSlack.Team}:C0GARDEN1", refusal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommandNew_StartsAFreshConversation()
    {
        using var response = await _slack.SlashCommandAsync(_gateway.WebhookAddress, FakeSlack.Alice, FakeSlack.DirectChannelOf(FakeSlack.Alice), "/new");
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 1, Limit, "the answer to /new");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        var reply = Assert.Single(_slack.Replies);
        Assert.Equal(Replies.NewConversation, reply.Text);
        Assert.Equal(FakeSlack.DirectChannelOf(FakeSlack.Alice), reply.To);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task Request_SignedMoreThanFiveMinutesAway_IsRefusedWith401(int minutes)
    {
        _slack.SignedAt = DateTimeOffset.UtcNow.AddMinutes(minutes);

        using var response = await _slack.DeliverAsync(_gateway.WebhookAddress, PlatformMessage.Private(FakeSlack.Alice, "/start"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(_gateway.Logs.Contains("more than five minutes from now"));
    }

    [Fact]
    public async Task RateLimit_IsWaitedOut_AsRetryAfterSays_AndShownInStatus()
    {
        _slack.FailNext("chat.postMessage", new PlatformFault(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = "2" }));
        var started = DateTime.UtcNow;

        using var response = await _slack.DeliverAsync(_gateway.WebhookAddress, PlatformMessage.Private(FakeSlack.Alice, "/start"));
        await _gateway.WaitForReasonAsync(ChannelReasons.RateLimited, Limit);
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 1, Limit, "the greeting after the wait");

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2), "sent again before Retry-After passed");
        Assert.Equal(2, _slack.Calls.Count(c => c == "chat.postMessage"));
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
    }

    [Fact]
    public async Task RevokedBotToken_ShowsInStatus_AndTheAnswerWaits()
    {
        _slack.FailNext("chat.postMessage", new PlatformFault(200, """{"ok":false,"error":"token_revoked"}"""));

        using var response = await _slack.DeliverAsync(_gateway.WebhookAddress, PlatformMessage.Private(FakeSlack.Alice, "/start"));
        await _gateway.WaitForReasonAsync(ChannelReasons.BadToken, Limit);
        await _slack.WaitUntilAsync(s => s.Replies.Count >= 1, Limit, "the greeting once the token works");

        Assert.Equal(Replies.Greeting, Assert.Single(_slack.Replies).Text);
    }

    public void Dispose() => _directory.Dispose();
}
