using System.Globalization;
using System.Net;
using NasAssistant.Gateway.Tests.Fakes.Webhooks;
using NasAssistant.Gateway.Tests.Fakes.WeCom;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace NasAssistant.Gateway.Tests.Delivery;

/// <summary>
/// A webhook channel (WeCom) in a real gateway process, killed with SIGKILL while it answers. The platform
/// delivers each message until it gets a 200, as WeCom does, and at the end delivers every message once more, as
/// if every 200 had been lost on the way back.
/// </summary>
[Collection(SharedAssistant.Name)]
public sealed class WebhookCrashTests(AssistantServer assistant, ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 3;
    private const int MessagesPerRound = 5;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Sigkill_WhileAnswering_EveryConfirmedOrRedeliveredMessageIsAnsweredExactlyOnce()
    {
        await using var wecom = await FakeWeCom.StartAsync();
        await using var slow = await SlowAssistantProxy.StartAsync(assistant.BaseAddress, TimeSpan.FromMilliseconds(600));

        // One member per message: the reply's recipient says which message it answers.
        var members = Enumerable.Range(0, (Rounds * MessagesPerRound) + 1).Select(i => $"member{i:D2}").ToArray();
        foreach (var member in members)
        {
            wecom.AddMember(member);
        }

        var config = GatewayUnderTest.Configure(_directory, wecom.Channel("wecom", _directory) with { AllowedUsers = [.. members] }, slow.BaseAddress);
        var messages = new List<PlatformMessage>();
        var unconfirmed = new List<PlatformMessage>();
        var random = new Random();
        for (var round = 0; round < Rounds; round++)
        {
            using var gateway = GatewayProcess.Start(_directory, config);
            await gateway.WaitForConnectedAsync(Limit);
            unconfirmed = [.. await DeliverAsync(wecom, gateway, unconfirmed)];
            var askedBefore = slow.Requests + random.Next(0, 3);
            var batch = Enumerable.Range(0, MessagesPerRound)
                .Select(i => PlatformMessage.Private(members[messages.Count + i], $"round {round} question {i}: what is the guest wifi password?"))
                .ToArray();
            messages.AddRange(batch);
            // A message every 100 ms: the kill lands among them, some confirmed and some never reaching the gateway.
            var delivering = DeliverAsync(wecom, gateway, batch, TimeSpan.FromMilliseconds(100));

            // Kill while the assistant holds an answer back.
            await WaitUntilAsync(() => slow.Requests > askedBefore, "the gateway to ask the assistant");
            await Task.Delay(random.Next(0, 300));
            await gateway.KillAsync();
            unconfirmed.AddRange(await delivering);
            output.WriteLine($"round {round}: killed with {wecom.Replies.Count} replies for {messages.Count} messages, {unconfirmed.Count} unconfirmed; {slow.Requests} assistant requests so far");
        }

        using (var final = GatewayProcess.Start(_directory, config))
        {
            await final.WaitForConnectedAsync(Limit);
            Assert.Empty(await DeliverAsync(wecom, final, unconfirmed));
            await wecom.WaitUntilAsync(w => messages.All(m => w.Replies.Any(r => r.To == m.From)), Limit, "every message answered");
            Assert.Empty(await DeliverAsync(wecom, final, messages));

            // The chats' queues are ordered: once this member is answered, nothing redelivered before it is still waiting.
            using var last = await wecom.DeliverAsync(final.WebhookAddress, PlatformMessage.Private(members[^1], "/start"));
            await wecom.WaitUntilAsync(w => w.Replies.Any(r => r.To == members[^1]), Limit, "the last greeting");
            await Task.Delay(1000);
        }

        var replies = wecom.Replies.GroupBy(r => r.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(messages, m => Assert.Equal(1, replies.GetValueOrDefault(m.From)));
        Assert.Equal(messages.Count + 1, wecom.Replies.Count);
        Assert.True(slow.Requests > messages.Count, "no kill landed while the assistant was answering");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{messages.Count} messages, {wecom.Replies.Count - 1} answers, {slow.Requests} assistant requests"));
    }

    public void Dispose() => _directory.Dispose();

    // Delivers each message once, the next one a spacing later; returns those the gateway did not confirm with a 200.
    private static async Task<PlatformMessage[]> DeliverAsync(FakeWeCom wecom, GatewayProcess gateway, IEnumerable<PlatformMessage> messages, TimeSpan spacing = default)
    {
        var results = await Task.WhenAll(messages.Select(async (message, i) =>
        {
            await Task.Delay(spacing * i);
            try
            {
                using var response = await wecom.DeliverAsync(gateway.WebhookAddress, message);
                return (message, response.StatusCode == HttpStatusCode.OK);
            }
            catch (HttpRequestException)
            {
                // The process died under the request: WeCom delivers it again.
                return (message, false);
            }
        }));
        return [.. results.Where(r => !r.Item2).Select(r => r.message)];
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
