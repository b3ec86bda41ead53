using NasAssistant.Gateway.Tests.Fakes.Telegram;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;
using static NasAssistant.Gateway.Tests.Support.GatewayUnderTest;

namespace NasAssistant.Gateway.Tests.Delivery;

/// <summary>The gateway as a real process (<c>runtime gateway --config</c>), killed with SIGKILL while it answers.</summary>
[Collection(SharedAssistant.Name)]
public sealed class GatewayCrashTests(AssistantServer assistant, ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 4;
    private const int MessagesPerRound = 5;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Sigkill_WhileTheAssistantWorks_EveryMessageIsAnsweredExactlyOnce_AfterRestart()
    {
        await using var telegram = await FakeTelegramBotApi.StartAsync();
        await using var slow = await SlowAssistantProxy.StartAsync(assistant.BaseAddress, TimeSpan.FromMilliseconds(600));
        var config = Configure(_directory, telegram, slow.BaseAddress);
        var written = new List<int>();
        var random = new Random();
        for (var round = 0; round < Rounds; round++)
        {
            using var gateway = GatewayProcess.Start(_directory, config);
            await gateway.WaitForConnectedAsync(Limit);
            var typingBefore = telegram.Actions.Count;
            for (var i = 0; i < MessagesPerRound; i++)
            {
                written.Add(telegram.Write(FamilyGroup, Alice, $"@{telegram.Username} round {round} question {i}: what is the guest wifi password?", chatType: "supergroup"));
            }

            // The typing action goes out as the gateway asks the assistant: kill it while the answer is held back.
            await telegram.WaitUntilAsync(t => t.Actions.Count > typingBefore + random.Next(0, 2), Limit, "the gateway to ask the assistant");
            await Task.Delay(random.Next(0, 300));
            await gateway.KillAsync();

            output.WriteLine($"round {round}: killed with {telegram.Sent.Count} replies sent for {written.Count} messages; {slow.Requests} assistant requests so far");
        }

        using (var final = GatewayProcess.Start(_directory, config))
        {
            await final.WaitForConnectedAsync(Limit);
            await telegram.WaitUntilAsync(t => t.PendingUpdates == 0 && written.All(id => t.Sent.Any(s => s.ReplyToMessageId == id)), Limit, "every message answered");

            // A little longer: nothing more may arrive.
            await Task.Delay(1500);
        }

        var replies = telegram.Sent.GroupBy(s => s.ReplyToMessageId).ToDictionary(g => g.Key!.Value, g => g.Count());
        Assert.All(written, id => Assert.Equal(1, replies.GetValueOrDefault(id)));
        Assert.Equal(written.Count, telegram.Sent.Count);
        Assert.True(slow.Requests > written.Count, "no kill landed while the assistant was answering");
        output.WriteLine($"{written.Count} messages, {telegram.Sent.Count} replies, {slow.Requests} assistant requests");
    }

    public void Dispose() => _directory.Dispose();
}
