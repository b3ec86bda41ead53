using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Support.Mqtt;

/// <summary>
/// Home automation asking through the broker, with MQTTnet: MQTT 5 (questions with a response topic and correlation
/// data) or 3.1.1 (JSON questions, answers on <c>BASE/answer/USER</c>), a persistent session and a QoS 1 subscription
/// to where its answers come, so none is lost while it or the broker is away; it reconnects by itself.
/// </summary>
public sealed class MqttAsker : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string _answers;
    private readonly List<ReceivedAnswer> _received = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reconnecting = Task.CompletedTask;

    private MqttAsker(MqttClientOptions options, string answers)
    {
        _options = options;
        _answers = answers;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            lock (_received)
            {
                _received.Add(new ReceivedAnswer(message.Topic, Encoding.UTF8.GetString(message.Payload), message.CorrelationData, message.ContentType, message.Dup));
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_stopping.IsCancellationRequested)
            {
                _reconnecting = ReconnectAsync();
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>The answers received, in order.</summary>
    public IReadOnlyList<ReceivedAnswer> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Connects as <paramref name="clientId"/> and subscribes to <paramref name="answers"/> (a topic filter).</summary>
    public static async Task<MqttAsker> ConnectAsync(
        MosquittoBroker broker, string clientId, MqttProtocolVersion version, string answers,
        (string User, string Password)? login = null, TestCertificates? tls = null)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(MosquittoBroker.Host, broker.Port)
            .WithProtocolVersion(version)
            .WithClientId(clientId)
            .WithCleanStart(false)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (version == MqttProtocolVersion.V500)
        {
            options.WithSessionExpiryInterval(3600);
        }

        if (login is { } credentials)
        {
            options.WithCredentials(credentials.User, credentials.Password);
        }

        if (tls is not null)
        {
            options.WithTlsOptions(o => o.UseTls().WithTrustChain([tls.Authority]));
        }

        var asker = new MqttAsker(options.Build(), answers);
        await asker.ConnectAsync();
        return asker;
    }

    /// <summary>Asks as MQTT 5 does: the text as payload, a response topic and correlation data.</summary>
    public Task<MqttClientPublishResult> AskAsync(string topic, string text, string responseTopic, string correlation) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(text)
            .WithResponseTopic(responseTopic)
            .WithCorrelationData(Encoding.UTF8.GetBytes(correlation))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    /// <summary>Publishes <paramref name="payload"/> with QoS 1 and nothing else, as an MQTT 3.1.1 client does.</summary>
    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    /// <summary>Waits until <paramref name="condition"/> holds for the answers received.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<ReceivedAnswer>, bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task changed;
            lock (_received)
            {
                if (condition(_received))
                {
                    return;
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"timed out waiting for {what}; received: {string.Join(" | ", Received.Select(a => $"{a.Topic} {a.Correlation} {a.Payload}"))}");
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _reconnecting;
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task ConnectAsync()
    {
        var connected = await _client.ConnectAsync(_options, _stopping.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_answers, MqttQualityOfServiceLevel.AtLeastOnce).Build(), _stopping.Token);
    }

    private async Task ReconnectAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(200, _stopping.Token);
                await ConnectAsync();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The broker is still away: try again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
