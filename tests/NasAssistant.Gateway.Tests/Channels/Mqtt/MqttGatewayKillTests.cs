using MQTTnet.Formatter;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Gateway.Tests.Support.Mqtt;
using NasAssistant.Runtime.Tests.Support;
using static NasAssistant.Gateway.Tests.Support.Mqtt.MqttGatewaySetup;

namespace NasAssistant.Gateway.Tests.Channels.Mqtt;

/// <summary>The gateway as its own process (<c>runtime gateway --config</c>) on a real Mosquitto broker, killed with SIGKILL while answering.</summary>
[Collection(SharedAssistant.Name)]
public sealed class MqttGatewayKillTests(AssistantServer assistant) : IDisposable
{
    private const int QuestionsEach = 5;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task GatewayKilledWhileAnswering_AnswersEachQuestionExactlyOnce_AfterItRestarts()
    {
        await using var broker = await MosquittoBroker.StartAsync(_directory.File("broker"), RuntimeProcess.FreePort());
        await using var gate = await AssistantGate.StartAsync(assistant.BaseAddress);
        var config = Configure(_directory, broker, gate.BaseAddress);
        await using var panel = await MqttAsker.ConnectAsync(broker, "kitchen-panel", MqttProtocolVersion.V500, $"{AnswerTopic(Alice)}/#");
        await using var automation = await MqttAsker.ConnectAsync(broker, "home-assistant", MqttProtocolVersion.V311, AnswerTopic(Carol));

        using (var gateway = GatewayProcess.Start(_directory, config))
        {
            await gateway.WaitForConnectedAsync(Limit);

            // Four answers go out; then each user's next question waits on the assistant, the rest behind it.
            gate.HoldAfter(4);
            for (var i = 1; i <= QuestionsEach; i++)
            {
                await panel.AskAsync(AskTopic(Alice), "When does the backup run?", $"{AnswerTopic(Alice)}/kitchen", $"alice-{i}");
                await automation.PublishAsync(AskTopic(Carol), $$"""{"id": "carol-{{i}}", "text": "What is the guest wifi password?"}""");
            }

            await gate.WaitUntilHeldAsync(2, Limit);
        }

        // Disposing the process killed it with SIGKILL, as kill -9 does, while it waited on the assistant.
        var beforeKill = panel.Received.Count + automation.Received.Count;
        Assert.True(beforeKill <= 4, $"{beforeKill} answers went out before the kill");
        gate.Release();
        using var restarted = GatewayProcess.Start(_directory, config);
        await restarted.WaitForConnectedAsync(Limit);

        // Each user's questions are answered in order, redeliveries first: an answer to this comes after any repeat.
        await panel.AskAsync(AskTopic(Alice), "/start", $"{AnswerTopic(Alice)}/kitchen", "alice-last");
        await automation.PublishAsync(AskTopic(Carol), """{"id": "carol-last", "text": "/start"}""");
        await panel.WaitUntilAsync(a => a.Any(x => x.Correlation == "alice-last"), Limit, "Alice's last answer");
        await automation.WaitUntilAsync(a => a.Any(x => x.Id == "\"carol-last\""), Limit, "Carol's last answer");

        Assert.Equal([.. Enumerable.Range(1, QuestionsEach).Select(i => $"alice-{i}"), "alice-last"], panel.Received.Select(a => a.Correlation));
        Assert.Equal([.. Enumerable.Range(1, QuestionsEach).Select(i => $"\"carol-{i}\""), "\"carol-last\""], automation.Received.Select(a => a.Id));
        Assert.All(panel.Received.SkipLast(1), a => Assert.Contains("02:00", a.Text, StringComparison.Ordinal));
        Assert.All(automation.Received.SkipLast(1), a => Assert.Contains("fridge", a.Text, StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();
}
