using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet.Formatter;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Channels.Mqtt;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Gateway.Tests.Support.Mqtt;
using NasAssistant.Runtime.Tests.Support;
using static NasAssistant.Gateway.Tests.Support.Mqtt.MqttGatewaySetup;

namespace NasAssistant.Gateway.Tests.Channels.Mqtt;

/// <summary>The MQTT channel against a real Mosquitto broker and the real assistant, with MQTTnet as home automation.</summary>
[Collection(SharedAssistant.Name)]
public sealed class MqttChannelTests(AssistantServer assistant) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private MosquittoBroker _broker = null!;
    private AssistantGate _gate = null!;
    private GatewayUnderTest? _gateway;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync(_directory.File("broker"), RuntimeProcess.FreePort());
        _gate = await AssistantGate.StartAsync(assistant.BaseAddress);
        _gateway = await StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        // The broker is a child process: it must go even when stopping the gateway fails.
        try
        {
            if (_gateway is not null)
            {
                await _gateway.DisposeAsync();
            }
        }
        finally
        {
            await _gate.DisposeAsync();
            await _broker.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Mqtt5Question_IsAnsweredOnItsResponseTopic_WithItsCorrelationData()
    {
        await using var panel = await MqttAsker.ConnectAsync(_broker, "kitchen-panel", MqttProtocolVersion.V500, $"{AnswerTopic(Alice)}/#");

        await panel.AskAsync(AskTopic(Alice), "What is the guest wifi password?", $"{AnswerTopic(Alice)}/kitchen", "q-wifi");
        await panel.WaitUntilAsync(a => a.Count >= 1, Limit, "the answer");

        var answer = Assert.Single(panel.Received);
        Assert.Equal($"{AnswerTopic(Alice)}/kitchen", answer.Topic);
        Assert.Equal("q-wifi", answer.Correlation);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Contains("fridge", answer.Text, StringComparison.Ordinal);
        Assert.Null(answer.Id);
        using var admin = new HttpClient { BaseAddress = assistant.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AssistantServer.AdminKey);
        var conversation = await admin.GetFromJsonAsync<JsonElement>($"/v1/sessions/{Channel}-{Alice}");
        Assert.Equal($"{Channel}:{Alice}", conversation.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task Mqtt311Question_InJson_IsAnsweredOnTheUsersAnswerTopic_WithItsId()
    {
        await using var automation = await MqttAsker.ConnectAsync(_broker, "home-assistant", MqttProtocolVersion.V311, AnswerTopic(Carol));

        await automation.PublishAsync(AskTopic(Carol), """{"id": "backup-1", "text": "When does the backup run?"}""");
        await automation.PublishAsync(AskTopic(Carol), """{"id": 42, "text": "/sources"}""");
        await automation.WaitUntilAsync(a => a.Count >= 2, Limit, "both answers");

        var (backup, sources) = (automation.Received[0], automation.Received[1]);
        Assert.Equal(AnswerTopic(Carol), backup.Topic);
        Assert.Equal("\"backup-1\"", backup.Id);
        Assert.Contains("02:00", backup.Text, StringComparison.Ordinal);
        Assert.Equal("42", sources.Id);
        Assert.StartsWith("My last answer came from:\n[1] backup.md", sources.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameQuestionId_AskedAgain_IsAnsweredOnce()
    {
        await using var panel = await MqttAsker.ConnectAsync(_broker, "hall-panel", MqttProtocolVersion.V500, $"{AnswerTopic(Alice)}/#");

        await panel.AskAsync(AskTopic(Alice), "When does the heat pump run?", $"{AnswerTopic(Alice)}/hall", "heat-1");
        await panel.AskAsync(AskTopic(Alice), "When does the heat pump run?", $"{AnswerTopic(Alice)}/hall", "heat-1");
        await panel.AskAsync(AskTopic(Alice), "/start", $"{AnswerTopic(Alice)}/hall", "start-1");
        await panel.WaitUntilAsync(a => a.Any(x => x.Correlation == "start-1"), Limit, "the answer after the repeat");

        Assert.Single(panel.Received, a => a.Correlation == "heat-1");
        Assert.Contains("06:00", panel.Received[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stranger_GetsOnePoliteRefusal_AndNothingIsStored()
    {
        await using var bob = await MqttAsker.ConnectAsync(_broker, "bobs-phone", MqttProtocolVersion.V311, AnswerTopic(Bob));
        await using var alice = await MqttAsker.ConnectAsync(_broker, "alices-phone", MqttProtocolVersion.V311, AnswerTopic(Alice));

        await bob.PublishAsync(AskTopic(Bob), """{"id": "1", "text": "What is the guest wifi password?"}""");
        await bob.PublishAsync(AskTopic(Bob), "no id, no JSON");
        await bob.PublishAsync(AskTopic(Bob), """{"id": "3", "text": "Hello?"}""");
        await alice.PublishAsync(AskTopic(Alice), """{"id": "a", "text": "/start"}""");
        await alice.WaitUntilAsync(a => a.Count >= 1, Limit, "Alice's greeting");
        await bob.PublishAsync(AskTopic(Bob), """{"id": "4", "text": "Anyone?"}""");
        await alice.PublishAsync(AskTopic(Alice), """{"id": "b", "text": "/start"}""");
        await alice.WaitUntilAsync(a => a.Count >= 2, Limit, "Alice's second greeting, after all of Bob's");

        var refusal = Assert.Single(bob.Received);
        Assert.Contains("only talks to people its owner has allowed", refusal.Text, StringComparison.Ordinal);
        Assert.Contains(Bob, refusal.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(assistant.SessionsDirectory, $"{Channel}-{Bob}.log")));
        var journal = await File.ReadAllTextAsync(Path.Combine(_gateway!.Config.DataDirectory, "channels", Channel, "journal.jsonl"));
        Assert.DoesNotContain(Bob, journal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("What is the guest wifi password?", MqttQuestion.MissingId)]
    [InlineData("""{"id": "x"}""", "is not a JSON object")]
    [InlineData("""{"id": "x", "text": "   "}""", "The question is empty.")]
    public async Task UnusableQuestion_IsExplained_AndNothingIsAsked(string payload, string explanation)
    {
        await using var automation = await MqttAsker.ConnectAsync(_broker, "node-red", MqttProtocolVersion.V311, AnswerTopic(Alice));

        await automation.PublishAsync(AskTopic(Alice), payload);
        await automation.WaitUntilAsync(a => a.Count >= 1, Limit, "the explanation");

        Assert.Contains(explanation, Assert.Single(automation.Received).Text, StringComparison.Ordinal);
        Assert.Equal(0, _gate.ChatRequests);
    }

    [Fact]
    public async Task QuestionsAskedWhileTheGatewayIsAway_AreAnsweredWhenItComesBack()
    {
        await using var automation = await MqttAsker.ConnectAsync(_broker, "home-assistant", MqttProtocolVersion.V311, AnswerTopic(Carol));
        await _gateway!.DisposeAsync();
        _gateway = null;

        for (var i = 1; i <= 3; i++)
        {
            await automation.PublishAsync(AskTopic(Carol), $$"""{"id": "away-{{i}}", "text": "When does the backup run?"}""");
        }

        await Task.Delay(500);
        Assert.Empty(automation.Received);
        _gateway = await StartGatewayAsync();
        await automation.WaitUntilAsync(a => a.Count >= 3, Limit, "the three answers");

        Assert.Equal(["\"away-1\"", "\"away-2\"", "\"away-3\""], automation.Received.Select(a => a.Id));
        Assert.All(automation.Received, a => Assert.Contains("02:00", a.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BrokerRestart_InTheMiddleOfAConversation_LosesNoQuestion_AndAnswersNoneTwice()
    {
        await using var panel = await MqttAsker.ConnectAsync(_broker, "kitchen-panel", MqttProtocolVersion.V500, $"{AnswerTopic(Alice)}/#");
        var replyTo = $"{AnswerTopic(Alice)}/kitchen";
        var questions = new[] { "What is the guest wifi password?", "When does the backup run?", "When does the heat pump run?" };
        string Question(int i) => questions[i % questions.Length];

        await panel.AskAsync(AskTopic(Alice), Question(1), replyTo, "q1");
        await panel.AskAsync(AskTopic(Alice), Question(2), replyTo, "q2");
        await panel.WaitUntilAsync(a => a.Count >= 2, Limit, "the first two answers");

        // The third question waits on the assistant, the next two wait behind it, unacknowledged.
        _gate.HoldAfter(0);
        await panel.AskAsync(AskTopic(Alice), Question(3), replyTo, "q3");
        await _gate.WaitUntilHeldAsync(1, Limit);
        await panel.AskAsync(AskTopic(Alice), Question(4), replyTo, "q4");
        await panel.AskAsync(AskTopic(Alice), Question(5), replyTo, "q5");

        await _broker.StopAsync();
        await _gateway!.WaitForReasonAsync(ChannelReasons.Unreachable, Limit);
        _gate.Release();
        await _broker.StartAsync();
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        await panel.WaitUntilAsync(a => a.Count >= 5, Limit, "the answers to the questions asked before the restart");
        await panel.AskAsync(AskTopic(Alice), Question(6), replyTo, "q6");
        await panel.WaitUntilAsync(a => a.Any(x => x.Correlation == "q6"), Limit, "the answer to the question asked after it");

        Assert.Equal(["q1", "q2", "q3", "q4", "q5", "q6"], panel.Received.Select(a => a.Correlation));
        for (var i = 1; i <= 6; i++)
        {
            Assert.Contains(new[] { "fridge", "02:00", "06:00" }[i % 3], panel.Received[i - 1].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BrokerAway_ShowsUnreachable_AndTheGatewayConnectsWhenItComesBack()
    {
        await _broker.StopAsync();
        await _gateway!.WaitForReasonAsync(ChannelReasons.Unreachable, Limit);
        var status = await _gateway.StatusAsync();
        Assert.False(status.GetProperty("ready").GetBoolean());
        Assert.Contains($"{MosquittoBroker.Host}:{_broker.Port}", status.GetProperty("message").GetString(), StringComparison.Ordinal);

        await _broker.StartAsync();
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        await using var automation = await MqttAsker.ConnectAsync(_broker, "home-assistant", MqttProtocolVersion.V311, AnswerTopic(Carol));
        await automation.PublishAsync(AskTopic(Carol), """{"id": "after", "text": "/start"}""");
        await automation.WaitUntilAsync(a => a.Count >= 1, Limit, "the greeting once connected again");
    }

    [Fact]
    public async Task Metrics_CountTheChannelsQuestionsAndAnswers()
    {
        await using var automation = await MqttAsker.ConnectAsync(_broker, "home-assistant", MqttProtocolVersion.V311, AnswerTopic(Carol));
        await automation.PublishAsync(AskTopic(Carol), """{"id": "m1", "text": "/start"}""");
        await automation.WaitUntilAsync(a => a.Count >= 1, Limit, "the greeting");

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(_gateway!.StatusAddress, "/metrics"));
        Assert.Matches("nas_assistant_gateway_messages_received_total\\{channel=\"home\",kind=\"mqtt\"\\} [1-9]", metrics);
        Assert.Matches("nas_assistant_gateway_messages_sent_total\\{channel=\"home\",kind=\"mqtt\"\\} [1-9]", metrics);
        Assert.Matches("nas_assistant_gateway_channel_ready\\{channel=\"home\",kind=\"mqtt\"\\} 1", metrics);
    }

    private async Task<GatewayUnderTest> StartGatewayAsync()
    {
        var gateway = await GatewayUnderTest.StartAsync(Configure(_directory, _broker, _gate.BaseAddress));
        await gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        return gateway;
    }
}
