using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Tests.Fakes.Telegram;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;
using static NasAssistant.Gateway.Tests.Support.GatewayUnderTest;

namespace NasAssistant.Gateway.Tests.Channels.Telegram;

/// <summary>The Telegram channel by long polling, against the fake Bot API and the real assistant, over loopback HTTP.</summary>
[Collection(SharedAssistant.Name)]
public sealed class TelegramPollingTests(AssistantServer assistant) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private FakeTelegramBotApi _telegram = null!;
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramBotApi.StartAsync();
        _gateway = await StartAsync(Configure(_directory, _telegram, assistant.BaseAddress));
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AllowedUser_GetsTheAssistantsAnswer_WithTypingShownAndSourcesOnRequest()
    {
        _telegram.Write(Alice, Alice, "What is the guest wifi password?");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the answer");

        var answer = Assert.Single(_telegram.Sent);
        Assert.Equal(Alice, answer.ChatId);
        Assert.Contains("fridge", answer.Text, StringComparison.Ordinal);
        Assert.Null(answer.ReplyToMessageId);
        Assert.Contains((Alice, "typing"), _telegram.Actions);

        _telegram.Write(Alice, Alice, "/sources");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 2, Limit, "the sources");
        Assert.StartsWith("My last answer came from:\n[1] guest-wifi.md", _telegram.Sent[1].Text, StringComparison.Ordinal);
        await _telegram.WaitUntilAsync(t => t.PendingUpdates == 0, Limit, "the offset to confirm both updates");
    }

    [Fact]
    public async Task AChannelMovedToAnotherBot_AnswersItsMessages_ThoughTheNewBotReusesUpdateIds()
    {
        _telegram.Write(Alice, Alice, "What is the guest wifi password?");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the first bot's answer");
        await _telegram.WaitUntilAsync(t => t.PendingUpdates == 0, Limit, "the first bot's offset");
        await _gateway.DisposeAsync();

        // Same channel and journal, another bot: its update ids start where the first bot's did.
        await using var second = await FakeTelegramBotApi.StartAsync(botId: 7_000_000_002, username: "office_nas_bot");
        _gateway = await StartAsync(Configure(_directory, second, assistant.BaseAddress));
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        second.Write(Alice, Alice, "What is the guest wifi password?");

        await second.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the second bot's answer");
        Assert.Contains("fridge", Assert.Single(second.Sent).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stranger_GetsOnePoliteRefusal_AndNothingIsStored()
    {
        _telegram.Write(Bob, Bob, "What is the guest wifi password?");
        _telegram.Write(Bob, Bob, "Hello?");
        _telegram.Write(Alice, Alice, "/start");
        await _telegram.WaitUntilAsync(t => t.Sent.Any(s => s.ChatId == Alice), Limit, "Alice's greeting");
        await _telegram.WaitUntilAsync(t => t.PendingUpdates == 0, Limit, "all three updates confirmed");

        var toBob = Assert.Single(_telegram.Sent, s => s.ChatId == Bob);
        Assert.Contains("only talks to people its owner has allowed", toBob.Text, StringComparison.Ordinal);
        Assert.Contains("222222", toBob.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(assistant.SessionsDirectory, $"{Channel}-{Bob}.log")));
        var journal = await File.ReadAllTextAsync(Path.Combine(_gateway.Config.DataDirectory, "channels", Channel, "journal.jsonl"));
        Assert.DoesNotContain("222222", journal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChatsConversation_BelongsToItsChannelUser_AndNoOtherIdentityReadsIt()
    {
        // A question of its own: the same text under the same update id in this shared conversation would be a replay.
        var question = $"When does the heat pump run? (asked {Guid.NewGuid():N})";
        _telegram.Write(Alice, Alice, question);
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the answer");
        var conversation = $"/v1/sessions/{Channel}-{Alice}";
        using var alice = AssistantClient(AssistantServer.GatewayKey, $"{Channel}:{Alice}");
        using var group = AssistantClient(AssistantServer.GatewayKey, $"{Channel}:{FamilyGroup}");
        using var gatewayItself = AssistantClient(AssistantServer.GatewayKey, actingFor: null);
        using var admin = AssistantClient(AssistantServer.AdminKey, actingFor: null);

        var stored = await alice.GetFromJsonAsync<JsonElement>(conversation);
        using var asGroup = await group.GetAsync(new Uri(conversation, UriKind.Relative));
        using var asGateway = await gatewayItself.GetAsync(new Uri(conversation, UriKind.Relative));
        var asAdmin = await admin.GetFromJsonAsync<JsonElement>(conversation);

        Assert.Equal($"{Channel}:{Alice}", stored.GetProperty("owner").GetString());
        var lastTwo = stored.GetProperty("turns").EnumerateArray().TakeLast(2).ToArray();
        Assert.Equal(("user", question), (lastTwo[0].GetProperty("role").GetString(), lastTwo[0].GetProperty("content").GetString()));
        Assert.Equal(_telegram.Sent[0].Text, lastTwo[1].GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.NotFound, asGroup.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asGateway.StatusCode);
        Assert.Equal($"{Channel}:{Alice}", asAdmin.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task InAGroup_AnswersOnlyWhenAddressed_AsAReply()
    {
        _telegram.Write(FamilyGroup, Bob, "dinner at seven, everyone?", chatType: "supergroup");
        _telegram.Write(FamilyGroup, Bob, "/start@other_bot", chatType: "supergroup");
        _telegram.Write(FamilyGroup, Bob, $"@{_telegram.Username} when does the backup run?", chatType: "supergroup");
        await _telegram.WaitUntilAsync(t => t.PendingUpdates == 0 && t.Sent.Count >= 1, Limit, "the group answer");

        var answer = Assert.Single(_telegram.Sent);
        Assert.Equal(FamilyGroup, answer.ChatId);
        Assert.Contains("02:00", answer.Text, StringComparison.Ordinal);
        Assert.NotNull(answer.ReplyToMessageId);
    }

    [Fact]
    public async Task New_StartsAFreshConversation_InTheAssistant()
    {
        _telegram.Write(Alice, Alice, "When does the heat pump run?");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the first answer");
        _telegram.Write(Alice, Alice, "/new");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 2, Limit, "the /new answer");
        _telegram.Write(Alice, Alice, "When does the heat pump run?");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 3, Limit, "the answer in the new conversation");

        Assert.Equal(Replies.NewConversation, _telegram.Sent[1].Text);
        var conversations = Directory.GetFiles(assistant.SessionsDirectory, $"{Channel}-{Alice}*.log").Select(Path.GetFileName).ToArray();
        Assert.Equal(2, conversations.Length);
        Assert.Contains($"{Channel}-{Alice}.log", conversations);
        Assert.Contains(conversations, c => System.Text.RegularExpressions.Regex.IsMatch(c!, $"^{Channel}-{Alice}-[0-9a-f]{{12}}\\.log$"));
    }

    [Fact]
    public async Task RateLimit_IsWaitedOut_AsRetryAfterSays_AndShownInStatus()
    {
        _telegram.FailNext("sendMessage", ApiFault.TooManyRequests(2));
        var started = DateTime.UtcNow;
        _telegram.Write(Alice, Alice, "/start");

        await _gateway.WaitForReasonAsync(ChannelReasons.RateLimited, Limit);
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the greeting after the wait");

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2), "sent before retry_after passed");
        Assert.Equal(2, _telegram.Calls.Count(c => c == "sendMessage"));
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
    }

    [Fact]
    public async Task Conflict_FromAnotherConsumer_ShowsInStatus_ThenPollingResumes()
    {
        _telegram.FailNext("getUpdates", new ApiFault(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));

        await _gateway.WaitForReasonAsync(ChannelReasons.Conflict, Limit);
        _telegram.Write(Alice, Alice, "/start");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the greeting once polling resumed");
        Assert.Equal(Replies.Greeting, _telegram.Sent[0].Text);
    }

    [Fact]
    public async Task BadToken_ShowsInStatus_WithoutTheToken_AndAFixedTokenFileReconnects()
    {
        var tokenFile = _gateway.Config.Channels[0].Telegram!.TokenFile;
        var good = _telegram.Token;
        var wrong = good[..^4] + "XXXX";
        await File.WriteAllTextAsync(tokenFile, wrong);
        await _gateway.WaitForReasonAsync(ChannelReasons.BadToken, Limit);
        var status = await _gateway.StatusAsync();

        Assert.False(status.GetProperty("ready").GetBoolean());
        Assert.Contains(Path.GetFileName(tokenFile), status.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Kubernetes swaps a Secret's files atomically: write beside, rename over.
        await File.WriteAllTextAsync(tokenFile + ".new", good);
        File.Move(tokenFile + ".new", tokenFile, overwrite: true);
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        _telegram.Write(Alice, Alice, "/start");
        await _telegram.WaitUntilAsync(t => t.Sent.Count >= 1, Limit, "the greeting with the fixed token");

        var everything = string.Join('\n', _gateway.Logs.Lines) + await MetricsAsync() + status;
        Assert.DoesNotContain(good.Split(':')[1], everything, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong.Split(':')[1], everything, StringComparison.Ordinal);
    }

    private HttpClient AssistantClient(string key, string? actingFor)
    {
        var http = new HttpClient { BaseAddress = assistant.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (actingFor is not null)
        {
            http.DefaultRequestHeaders.Add("X-Assistant-User", actingFor);
        }

        return http;
    }

    private async Task<string> MetricsAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(_gateway.StatusAddress, "/metrics"));
    }
}
