using System.Net;
using System.Text;
using System.Xml.Linq;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Gateway.Tests.Fakes.WeCom;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Channels.WeCom;

/// <summary>The WeCom channel against the fake WeCom and the real assistant, with WeCom's published samples sent as WeCom sent them.</summary>
[Collection(SharedAssistant.Name)]
public sealed class WeComChannelTests(AssistantServer assistant) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> Samples => WeComPublishedSample.Names;

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task PublishedUrlCheck_IsAnsweredWithTheDecryptedEchoStr(string name)
    {
        var sample = WeComPublishedSample.Named(name);
        await using var wecom = await FakeWeCom.StartAsync(sample.CorpId, sample.AgentId, sample.Token, sample.EncodingAesKey);
        await using var gateway = await StartAsync(wecom);

        // As the documentation shows the request: the query percent-encoded, '+' as %2B.
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(gateway.WebhookAddress,
            $"?msg_signature={sample.UrlSignature}&timestamp={sample.UrlTimestamp}&nonce={sample.UrlNonce}&echostr={Uri.EscapeDataString(sample.EchoStr)}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sample.EchoPlain, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task PublishedMessage_IsAnsweredToItsSender_InTheirConversation(string name)
    {
        var sample = WeComPublishedSample.Named(name);
        await using var wecom = await FakeWeCom.StartAsync(sample.CorpId, sample.AgentId, sample.Token, sample.EncodingAesKey);
        wecom.AddMember(sample.Sender);
        await using var gateway = await StartAsync(wecom, allowed: sample.Sender);

        using var response = await PostAsync(gateway, $"?msg_signature={sample.MessageSignature}&timestamp={sample.MessageTimestamp}&nonce={sample.MessageNonce}", sample.MessageBody);
        await wecom.WaitUntilAsync(w => w.Replies.Count >= 1, Limit, "the answer");

        // The samples are years old: WeCom documents no time window for callbacks, so none is applied; their MsgId guards against replays.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal(sample.Sender, Assert.Single(wecom.Replies).To);
        var conversation = Path.Combine(assistant.SessionsDirectory, ConversationIds.First(gateway.Config.Channels[0].Name, sample.Sender) + ".log");
        Assert.Contains(sample.Content, await File.ReadAllTextAsync(conversation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedPublishedMessage_IsRefusedWith401()
    {
        var sample = WeComPublishedSample.Classic;
        await using var wecom = await FakeWeCom.StartAsync(sample.CorpId, sample.AgentId, sample.Token, sample.EncodingAesKey);
        await using var gateway = await StartAsync(wecom, allowed: sample.Sender);

        using var response = await PostAsync(gateway, $"?msg_signature={sample.MessageSignature}&timestamp={sample.MessageTimestamp}&nonce=1372623150", sample.MessageBody);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(gateway.Logs.Contains("refused a request", "msg_signature does not match"));
    }

    [Fact]
    public async Task Callback_EncryptedForAnotherCorp_IsRefusedWith401()
    {
        await using var wecom = await FakeWeCom.StartAsync();
        await using var gateway = await StartAsync(wecom);
        var xml = Message(wecom, FakeWeCom.LiLei, "hello", wecom.AgentId).ToString(SaveOptions.DisableFormatting);

        using var response = await PostEncryptedAsync(wecom, gateway, xml, receiveId: "ww0000000000000000");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(gateway.Logs.Contains("meant for CorpID 'ww0000000000000000'"));
    }

    [Fact]
    public async Task EventsAndMessagesForAnotherApplication_AreConfirmed_ButNotAnswered()
    {
        await using var wecom = await FakeWeCom.StartAsync();
        await using var gateway = await StartAsync(wecom);
        var opened = new XElement("xml",
            new XElement("ToUserName", new XCData(wecom.CorpId)),
            new XElement("FromUserName", new XCData(FakeWeCom.LiLei)),
            new XElement("CreateTime", 1_700_000_000),
            new XElement("MsgType", new XCData("event")),
            new XElement("Event", new XCData("enter_agent")),
            new XElement("EventKey", new XCData(string.Empty)),
            new XElement("AgentID", wecom.AgentId));

        using var eventResponse = await wecom.PostCallbackAsync(gateway.WebhookAddress, opened.ToString(SaveOptions.DisableFormatting), wecom.Token);
        using var otherApp = await wecom.PostCallbackAsync(gateway.WebhookAddress, Message(wecom, FakeWeCom.LiLei, "hello", wecom.AgentId + 1).ToString(SaveOptions.DisableFormatting), wecom.Token);
        using var greeting = await wecom.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeWeCom.LiLei, "/start"));
        await wecom.WaitUntilAsync(w => w.Replies.Count >= 1, Limit, "the greeting");

        Assert.Equal(HttpStatusCode.OK, eventResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherApp.StatusCode);
        Assert.Equal(Replies.Greeting, Assert.Single(wecom.Replies).Text);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "<xml><ToUserName>ww1</ToUserName></xml>")]
    [InlineData("POST", "not xml at all")]
    [InlineData("PUT", "")]
    public async Task RequestsThatAreNotWeComCallbacks_AreRefused(string method, string body)
    {
        await using var wecom = await FakeWeCom.StartAsync();
        await using var gateway = await StartAsync(wecom);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), gateway.WebhookAddress) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        using var response = await http.SendAsync(request);

        Assert.Equal(method == "PUT" ? HttpStatusCode.MethodNotAllowed : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ExpiredAccessToken_IsFetchedAgain_AndTheAnswerGoesOut()
    {
        await using var wecom = await FakeWeCom.StartAsync();
        await using var gateway = await StartAsync(wecom);
        var fetched = wecom.Calls.Count(c => c == "gettoken");

        wecom.ExpireTokens();
        using var response = await wecom.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeWeCom.LiLei, "/start"));
        await wecom.WaitUntilAsync(w => w.Replies.Count >= 1, Limit, "the greeting");

        Assert.Equal(fetched + 1, wecom.Calls.Count(c => c == "gettoken"));
        Assert.Equal(2, wecom.Calls.Count(c => c == "message/send"));
    }

    [Fact]
    public async Task GatewayAddressNotTrusted_ShowsInStatus_AndTheAnswerWaitsUntilItIs()
    {
        await using var wecom = await FakeWeCom.StartAsync();
        await using var gateway = await StartAsync(wecom);
        wecom.FailNext("message/send", new PlatformFault(200, """{"errcode":60020,"errmsg":"not allow to access from your ip, from ip: 203.0.113.7"}"""));

        using var response = await wecom.DeliverAsync(gateway.WebhookAddress, PlatformMessage.Private(FakeWeCom.LiLei, "/start"));
        await gateway.WaitForReasonAsync(ChannelReasons.BadToken, Limit);
        var status = await gateway.StatusAsync();
        await wecom.WaitUntilAsync(w => w.Replies.Count >= 1, Limit, "the greeting once the address is trusted");

        Assert.Contains("trusted IPs", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(Replies.Greeting, Assert.Single(wecom.Replies).Text);
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
    }

    [Fact]
    public async Task WrongApplicationSecret_ShowsBadTokenInStatus_AndAFixedFileConnects()
    {
        await using var wecom = await FakeWeCom.StartAsync();
        var channel = wecom.Channel("wecom", _directory);
        var secretFile = channel.WeCom!.SecretFile;
        await File.WriteAllTextAsync(secretFile, "not-the-secret");
        await using var gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.Configure(_directory, channel, assistant.BaseAddress));

        await gateway.WaitForReasonAsync(ChannelReasons.BadToken, Limit);
        Assert.Contains(Path.GetFileName(secretFile), (await gateway.StatusAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        await File.WriteAllTextAsync(secretFile + ".new", wecom.AppSecret);
        File.Move(secretFile + ".new", secretFile, overwrite: true);

        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        Assert.DoesNotContain("not-the-secret", string.Join('\n', gateway.Logs.Lines), StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static XElement Message(FakeWeCom wecom, string from, string text, long agentId) => new("xml",
        new XElement("ToUserName", new XCData(wecom.CorpId)),
        new XElement("FromUserName", new XCData(from)),
        new XElement("CreateTime", DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        new XElement("MsgType", new XCData("text")),
        new XElement("Content", new XCData(text)),
        new XElement("MsgId", Random.Shared.NextInt64()),
        new XElement("AgentID", agentId));

    private static async Task<HttpResponseMessage> PostAsync(GatewayUnderTest gateway, string query, string body)
    {
        using var http = new HttpClient();
        return await http.PostAsync(new Uri(gateway.WebhookAddress, query), new StringContent(body, Encoding.UTF8, "text/xml"));
    }

    private static async Task<HttpResponseMessage> PostEncryptedAsync(FakeWeCom wecom, GatewayUnderTest gateway, string xml, string receiveId)
    {
        var encrypted = wecom.Encrypt(xml, receiveId);
        var crypto = new Gateway.Channels.WeCom.WeComCrypto(wecom.Token, wecom.EncodingAesKey, wecom.CorpId);
        var envelope = new XElement("xml", new XElement("ToUserName", new XCData(wecom.CorpId)), new XElement("Encrypt", new XCData(encrypted)));
        return await PostAsync(gateway, $"?msg_signature={crypto.Signature("1700000000", "42", encrypted)}&timestamp=1700000000&nonce=42", envelope.ToString(SaveOptions.DisableFormatting));
    }

    private async Task<GatewayUnderTest> StartAsync(FakeWeCom wecom, string? allowed = null)
    {
        var channel = wecom.Channel("wecom", _directory);
        var gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.Configure(_directory, allowed is null ? channel : channel with { AllowedUsers = [allowed] }, assistant.BaseAddress));
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        return gateway;
    }
}
