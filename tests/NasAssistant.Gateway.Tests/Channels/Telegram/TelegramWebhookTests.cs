using System.Net;
using System.Text;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Tests.Fakes.Telegram;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;
using static NasAssistant.Gateway.Tests.Support.GatewayUnderTest;

namespace NasAssistant.Gateway.Tests.Channels.Telegram;

/// <summary>The Telegram channel in webhook mode: the fake Bot API posts updates to the gateway's webhook port.</summary>
[Collection(SharedAssistant.Name)]
public sealed class TelegramWebhookTests(AssistantServer assistant) : IAsyncLifetime, IDisposable
{
    private const string PublicUrl = "https://nas.example.org/webhooks/family";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private FakeTelegramBotApi _telegram = null!;
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramBotApi.StartAsync();
        _gateway = await StartAsync(Configure(_directory, _telegram, assistant.BaseAddress, webhookUrl: PublicUrl));
        _telegram.WebhookRoute = url => new Uri($"http://127.0.0.1:{_gateway.Host.WebhookPort}{new Uri(url).AbsolutePath}");
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SetsTheWebhookWithItsSecret_AndAnswersWhatTelegramPosts()
    {
        Assert.Equal(PublicUrl, _telegram.WebhookUrl);
        Assert.Equal("s3cret-Webhook_token", _telegram.WebhookSecret);

        _telegram.Write(Alice, Alice, "Until when can deleted files be restored?");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1 && t.PendingUpdates == 0, Limit, "the answer and the update acknowledged");

        Assert.Contains("thirty days", _telegram.Sent[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("getUpdates", _telegram.Calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-secret")]
    public async Task PostsWithoutTheSecret_AreRefused_AndNotAnswered(string? secret)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_gateway.Host.WebhookPort}/webhooks/family"))
        {
            Content = new StringContent("""{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":111111,"type":"private"},"from":{"id":111111,"is_bot":false,"first_name":"a"},"text":"/start"}}""", Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_telegram.Sent);
    }

    [Fact]
    public async Task UnknownChannelPath_Is404()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{_gateway.Host.WebhookPort}/webhooks/other"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
