using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Tests.Fakes.Outgoing;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Channels.Slack;

/// <summary>Outgoing webhooks of Mattermost and Rocket.Chat: the token in the body, the answer in the response.</summary>
[Collection(SharedAssistant.Name)]
public sealed class OutgoingWebhookChannelTests(AssistantServer assistant) : IAsyncLifetime, IDisposable
{
    private const string Family = "4xp9fdt2pbn8mk4fjqmmqanbia";
    private const string Alice = "8tq3mbfm1jyx7rdwwmqkkpngrc";
    private readonly TempDirectory _directory = new();
    private readonly OutgoingWebhookSender _platform = new(OutgoingWebhookSender.NewToken());
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync()
    {
        var tokenFile = _directory.File("outgoing-token");
        await File.WriteAllTextAsync(tokenFile, _platform.Token);
        var channel = new ChannelConfig
        {
            Name = "chat",
            AllowedChats = [Family],
            Webhook = new WebhookChannelConfig { Outgoing = new OutgoingWebhookConfig { TokenFile = tokenFile } },
        };
        _gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.Configure(_directory, channel, assistant.BaseAddress));
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mattermost_GetsTheAnswerInTheResponse_AndARepeatedPostNothing(bool json)
    {
        var postId = OutgoingWebhookSender.NewToken();

        var (status, answer) = await _platform.MattermostAsync(_gateway.WebhookAddress, postId, Family, Alice, "What is the guest wifi password?", json);
        var (repeatStatus, repeated) = await _platform.MattermostAsync(_gateway.WebhookAddress, postId, Family, Alice, "What is the guest wifi password?", json);

        Assert.Equal(200, status);
        Assert.Contains("fridge", answer, StringComparison.Ordinal);
        Assert.Equal(200, repeatStatus);
        Assert.Null(repeated);
    }

    [Fact]
    public async Task RocketChat_GetsTheAnswer_AndABotsMessageIsNotAnswered()
    {
        var (status, answer) = await _platform.RocketChatAsync(_gateway.WebhookAddress, OutgoingWebhookSender.NewToken(), Family, Alice, "/start");
        var (botStatus, toBot) = await _platform.RocketChatAsync(_gateway.WebhookAddress, OutgoingWebhookSender.NewToken(), Family, "rocket.cat", "/start", fromBot: true);

        Assert.Equal(200, status);
        Assert.Equal(Replies.Greeting, answer);
        Assert.Equal(200, botStatus);
        Assert.Null(toBot);
    }

    [Fact]
    public async Task AnotherToken_IsRefusedWith401()
    {
        var (status, answer) = await _platform.MattermostAsync(_gateway.WebhookAddress, OutgoingWebhookSender.NewToken(), Family, Alice, "/start", token: OutgoingWebhookSender.NewToken());

        Assert.Equal(401, status);
        Assert.Null(answer);
        Assert.True(_gateway.Logs.Contains("refused a request", "the token does not match"));
    }

    [Fact]
    public async Task ChannelNotAllowed_GetsOneRefusal_AndNothingIsStored()
    {
        const string Other = "ab1cd2ef3gh4ij5kl6mn7op8qr";

        var (_, first) = await _platform.MattermostAsync(_gateway.WebhookAddress, OutgoingWebhookSender.NewToken(), Other, Alice, "What is the guest wifi password?");
        var (_, second) = await _platform.MattermostAsync(_gateway.WebhookAddress, OutgoingWebhookSender.NewToken(), Other, Alice, "Hello?");

        Assert.Contains(Other, first, StringComparison.Ordinal);
        Assert.Null(second);
        Assert.False(File.Exists(Path.Combine(assistant.SessionsDirectory, ConversationIds.First("chat", Other) + ".log")));
    }

    public void Dispose()
    {
        _platform.Dispose();
        _directory.Dispose();
    }
}
