using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace NasAssistant.Benchmarks;

/// <summary>
/// Home automation asking through the broker, as fast as the answers come: MQTT 5 questions on <c>BASE/ask/USER</c>
/// with a response topic and correlation data, each answer matched back to its question by the correlation data.
/// It also measures the broker alone: a message published to a topic it subscribes to itself.
/// </summary>
internal sealed class MqttQuestioner : IAsyncDisposable
{
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(60);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waiting = new(StringComparer.Ordinal);
    private readonly string _base;
    private int _asked;

    private MqttQuestioner(string baseTopic)
    {
        _base = baseTopic;
        _client.ApplicationMessageReceivedAsync += received =>
        {
            var message = received.ApplicationMessage;
            var id = Encoding.UTF8.GetString(message.CorrelationData ?? []);
            if (_waiting.TryRemove(id, out var waiting))
            {
                waiting.TrySetResult(Encoding.UTF8.GetString(message.Payload));
            }

            return Task.CompletedTask;
        };
    }

    private string EchoTopic => $"{_base}/echo";

    /// <summary>Connects to the broker at <paramref name="host"/>:<paramref name="port"/> and subscribes to the answers under <paramref name="baseTopic"/>.</summary>
    public static async Task<MqttQuestioner> ConnectAsync(string host, int port, string baseTopic)
    {
        var questioner = new MqttQuestioner(baseTopic);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("nas-assistant-benchmark")
            .Build();
        await questioner._client.ConnectAsync(options);
        await questioner._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"{baseTopic}/answer/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(questioner.EchoTopic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        return questioner;
    }

    /// <summary>Asks <paramref name="question"/> as <paramref name="user"/>; returns the answer's text.</summary>
    /// <exception cref="TimeoutException">No answer came within a minute.</exception>
    public async Task<string> AskAsync(string user, string question, CancellationToken cancellationToken)
    {
        using var answer = JsonDocument.Parse(await SendAsync($"{_base}/ask/{user}", $"{_base}/answer/{user}", question, cancellationToken));
        return answer.RootElement.GetProperty("text").GetString() ?? string.Empty;
    }

    /// <summary>Publishes <paramref name="text"/> to a topic this client subscribes to and waits until the broker delivers it back.</summary>
    public Task<string> EchoAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(EchoTopic, EchoTopic, text, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }

    private async Task<string> SendAsync(string topic, string responseTopic, string payload, CancellationToken cancellationToken)
    {
        var id = $"q{Interlocked.Increment(ref _asked)}";
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = waiting;
        await _client.PublishAsync(
            new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithResponseTopic(responseTopic)
                .WithCorrelationData(Encoding.UTF8.GetBytes(id))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(),
            cancellationToken);
        try
        {
            return await waiting.Task.WaitAsync(AnswerLimit, cancellationToken);
        }
        catch (TimeoutException)
        {
            _waiting.TryRemove(id, out _);
            throw new TimeoutException($"no answer on {responseTopic} to {id} within {AnswerLimit.TotalSeconds:F0} s");
        }
    }
}
