using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Channels.Webhooks;

/// <summary>
/// What every channel whose platform posts to the gateway must do (WeCom, DingTalk, Feishu, Slack), each against
/// its fake platform and the real assistant over loopback HTTP.
/// </summary>
[Collection(SharedAssistant.Name)]
public sealed class WebhookChannelTests(AssistantServer assistant) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    // The assistant is shared: a channel name of this test's own keeps its conversations apart from the others'.
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public static TheoryData<string> Platforms => WebhookPlatforms.Names;

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task AllowedUser_IsAnsweredThroughThePlatformsApi_InTheirOwnConversation(string name)
    {
        await using var platform = await WebhookPlatforms.StartAsync(name);
        await using var gateway = await StartAsync(platform, name, assistant.BaseAddress);

        using var response = await platform.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(platform.AllowedUser, "What is the guest wifi password?"));
        await platform.WaitUntilAsync(p => p.Replies.Count >= 1, Limit, "the answer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(platform.Replies);
        Assert.Equal(platform.PrivateChatOf(platform.AllowedUser), answer.To);
        Assert.Contains("fridge", answer.Text, StringComparison.Ordinal);

        // The conversation is the user's: the assistant shows it to them (through the gateway's key) and to no one else.
        var channel = gateway.Config.Channels[0].Name;
        var user = ConversationIds.User(channel, platform.AllowListIdOf(platform.AllowedUser));
        var conversation = new Uri($"/v1/sessions/{ConversationIds.First(channel, platform.AllowListIdOf(platform.AllowedUser))}", UriKind.Relative);
        using var asUser = AssistantClient(user);
        using var asStranger = AssistantClient(ConversationIds.User(channel, platform.AllowListIdOf(platform.Stranger)));
        var stored = await asUser.GetFromJsonAsync<JsonElement>(conversation);
        using var refused = await asStranger.GetAsync(conversation);
        Assert.Equal(user, stored.GetProperty("owner").GetString());
        Assert.Equal(answer.Text, stored.GetProperty("turns").EnumerateArray().Last().GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task Stranger_GetsOnePoliteRefusal_AndNothingIsStored(string name)
    {
        await using var platform = await WebhookPlatforms.StartAsync(name);
        await using var gateway = await StartAsync(platform, name, assistant.BaseAddress);

        using var first = await platform.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(platform.Stranger, "What is the guest wifi password?"));
        using var second = await platform.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(platform.Stranger, "Hello? Anyone?"));
        await platform.WaitUntilAsync(p => p.Replies.Count >= 1, Limit, "the refusal");
        await AnswerAndWaitAsync(platform, gateway, "/start", expectedReplies: 2);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var refusal = Assert.Single(platform.Replies, r => r.To == platform.PrivateChatOf(platform.Stranger));
        Assert.Contains("only talks to people its owner has allowed", refusal.Text, StringComparison.Ordinal);
        Assert.Contains(platform.AllowListIdOf(platform.Stranger), refusal.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(ConversationFile(gateway, platform.AllowListIdOf(platform.Stranger))));
        foreach (var file in Directory.GetFiles(gateway.ChannelDirectory))
        {
            var kept = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(platform.Stranger, kept, StringComparison.Ordinal);
            Assert.DoesNotContain("Anyone?", kept, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task Redelivery_WhileAnsweringAndAfter_IsAnsweredOnce(string name)
    {
        await using var platform = await WebhookPlatforms.StartAsync(name);
        await using var gateway = await StartAsync(platform, name, assistant.BaseAddress);
        var question = PlatformMessage.Private(platform.AllowedUser, "When does the backup run?");

        using var delivered = await platform.DeliverAsync(gateway.WebhookAddress, question);
        using var whileAnswering = await platform.DeliverAsync(gateway.WebhookAddress, question);
        await platform.WaitUntilAsync(p => p.Replies.Count >= 1, Limit, "the answer");
        using var afterwards = await platform.DeliverAsync(gateway.WebhookAddress, question);

        // The chat's messages are answered in order: once this one is, the redelivery before it has been handled.
        await AnswerAndWaitAsync(platform, gateway, "/start", expectedReplies: 2);
        Assert.All(new[] { delivered, whileAnswering, afterwards }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(platform.Replies, r => r.Text.Contains("02:00", StringComparison.Ordinal));
        Assert.Equal(Replies.Greeting, platform.Replies[1].Text);
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task Redelivery_AfterAGatewayRestart_IsAnsweredOnce(string name)
    {
        await using var platform = await WebhookPlatforms.StartAsync(name);
        await using var slow = await SlowAssistantProxy.StartAsync(assistant.BaseAddress, TimeSpan.FromSeconds(2));
        var config = GatewayUnderTest.Configure(_directory, platform.Channel($"{name}-{_suffix}", _directory), slow.BaseAddress);
        var question = PlatformMessage.Private(platform.AllowedUser, "When does the heat pump run?");
        await using (var first = await StartAsync(config))
        {
            using var accepted = await platform.DeliverAsync(first.WebhookAddress, question);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            await WaitUntilAsync(() => slow.Requests >= 1, "the gateway to ask the assistant");
        }

        // Stopped while the assistant worked: confirmed to the platform, not yet answered.
        Assert.Empty(platform.Replies);
        await using var second = await StartAsync(config);
        using var redelivered = await platform.DeliverAsync(second.WebhookAddress, question);
        await platform.WaitUntilAsync(p => p.Replies.Count >= 1, Limit, "the answer after the restart");
        await AnswerAndWaitAsync(platform, second, "/start", expectedReplies: 2);

        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Single(platform.Replies, r => r.Text.Contains("06:00", StringComparison.Ordinal));
        await WaitUntilAsync(() => new FileInfo(Path.Combine(second.ChannelDirectory, "inbox.jsonl")).Length == 0, "the inbox to be emptied once everything is answered");
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task ForgedRequest_IsRefusedWith401_AndNotAnswered(string name)
    {
        await using var platform = await WebhookPlatforms.StartAsync(name);
        await using var gateway = await StartAsync(platform, name, assistant.BaseAddress);

        using var forged = await platform.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(platform.AllowedUser, "What is the guest wifi password?"), forged: true);
        await AnswerAndWaitAsync(platform, gateway, "/start", expectedReplies: 1);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(Replies.Greeting, Assert.Single(platform.Replies).Text);
        Assert.True(gateway.Logs.Contains("refused a request"), "the refusal was not logged");
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task New_StartsAFreshConversation_ForThatUser(string name)
    {
        await using var platform = await WebhookPlatforms.StartAsync(name);
        await using var gateway = await StartAsync(platform, name, assistant.BaseAddress);
        var user = platform.AllowListIdOf(platform.AllowedUser);

        await AnswerAndWaitAsync(platform, gateway, "When does the heat pump run?", expectedReplies: 1);
        await AnswerAndWaitAsync(platform, gateway, "/new", expectedReplies: 2);
        await AnswerAndWaitAsync(platform, gateway, "When does the heat pump run?", expectedReplies: 3);

        Assert.Equal(Replies.NewConversation, platform.Replies[1].Text);
        var first = ConversationFile(gateway, user);
        var conversations = Directory.GetFiles(assistant.SessionsDirectory, Path.GetFileNameWithoutExtension(first) + "*.log");
        Assert.Equal(2, conversations.Length);
        Assert.Contains(first, conversations);
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task RotatedSigningSecret_IsUsedWithoutARestart_AndNoSecretIsLoggedOrShown(string name)
    {
        await using var platform = await WebhookPlatforms.StartAsync(name);
        await using var gateway = await StartAsync(platform, name, assistant.BaseAddress);

        await platform.RotateSigningSecretAsync();
        var question = PlatformMessage.Private(platform.AllowedUser, "What is the guest wifi password?");
        await WaitUntilAsync(async () =>
        {
            using var response = await platform.DeliverAsync(gateway.WebhookAddress, question);
            return response.StatusCode == HttpStatusCode.OK;
        }, "the rotated secret to be read");
        await platform.WaitUntilAsync(p => p.Replies.Count >= 1, Limit, "the answer");
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);

        using var http = new HttpClient();
        var shown = string.Join('\n', gateway.Logs.Lines)
            + await http.GetStringAsync(new Uri(gateway.StatusAddress, "/metrics"))
            + await http.GetStringAsync(new Uri(gateway.StatusAddress, "/status"));
        Assert.All(platform.SecretValues, secret => Assert.DoesNotContain(secret, shown, StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();

    private async Task<GatewayUnderTest> StartAsync(WebhookPlatform platform, string name, Uri assistantAddress) =>
        await StartAsync(GatewayUnderTest.Configure(_directory, platform.Channel($"{name}-{_suffix}", _directory), assistantAddress));

    private static async Task<GatewayUnderTest> StartAsync(Runtime.Config.Gateway.GatewayConfig config)
    {
        var gateway = await GatewayUnderTest.StartAsync(config);
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        return gateway;
    }

    private static async Task AnswerAndWaitAsync(WebhookPlatform platform, GatewayUnderTest gateway, string text, int expectedReplies)
    {
        using var response = await platform.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(platform.AllowedUser, text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await platform.WaitUntilAsync(p => p.Replies.Count >= expectedReplies, Limit, $"the answer to '{text}'");
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private HttpClient AssistantClient(string actingFor)
    {
        var http = new HttpClient { BaseAddress = assistant.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AssistantServer.GatewayKey);
        http.DefaultRequestHeaders.Add("X-Assistant-User", actingFor);
        return http;
    }

    private string ConversationFile(GatewayUnderTest gateway, string chat) =>
        Path.Combine(assistant.SessionsDirectory, ConversationIds.First(gateway.Config.Channels[0].Name, chat) + ".log");
}
