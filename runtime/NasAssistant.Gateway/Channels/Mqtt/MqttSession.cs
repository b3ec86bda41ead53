using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Metrics;

namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>
/// One connection to the broker, resuming the gateway's persistent session: questions the broker kept arrive
/// first, then new ones. Each is acknowledged (PUBACK, manually) only once its answer is published and recorded,
/// so the broker redelivers any question not yet answered to the next session. One user's questions are answered
/// in order, users side by side. A lost connection or a failed answer ends the session (<see cref="Ended"/>);
/// the channel then connects again and the broker redelivers what was not acknowledged.
/// </summary>
internal sealed partial class MqttSession : IAsyncDisposable
{
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(5);
    private readonly IMqttClient _client;
    private readonly MqttTopics _topics;
    private readonly TurnHandler _turns;
    private readonly AllowList _allowList;
    private readonly ChannelContext _context;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly OrderedAcknowledgements _acknowledgements = new();
    private readonly Dictionary<string, Task> _lastOfUser = new(StringComparer.Ordinal);
    private int _answered;

    private MqttSession(MqttTopics topics, TurnHandler turns, ChannelContext context, CancellationToken cancellationToken)
    {
        _client = new MqttClientFactory().CreateMqttClient();
        _topics = topics;
        _turns = turns;
        _allowList = new AllowList(context.Config);
        _context = context;
        _logger = context.Loggers.CreateLogger<MqttSession>();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Fails with the reason the session ended (a <see cref="MqttBrokerException"/>, or the failure of an answer); never completes otherwise.</summary>
    public Task Ended => _ended.Task;

    /// <summary>True once a question was answered in this session.</summary>
    public bool AnsweredAny => Volatile.Read(ref _answered) > 0;

    /// <summary>Connects with <paramref name="options"/> and subscribes to the questions.</summary>
    /// <exception cref="MqttBrokerException">The broker refused the login or the subscription.</exception>
    public static async Task<MqttSession> ConnectAsync(MqttClientOptions options, MqttTopics topics, TurnHandler turns, ChannelContext context, CancellationToken cancellationToken)
    {
        var session = new MqttSession(topics, turns, context, cancellationToken);
        try
        {
            await session.StartAsync(options, cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops answering (what is unanswered stays unacknowledged on the broker) and disconnects, keeping the broker's session.</summary>
    public async ValueTask DisposeAsync()
    {
        _ended.TrySetCanceled();
        await _stop.CancelAsync();
        Task[] answering;
        lock (_lastOfUser)
        {
            answering = [.. _lastOfUser.Values];
        }

        await Task.WhenAll(answering);
        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(DisconnectTimeout);
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Going anyway: the broker keeps the session as it does after any lost connection.
                LogDisconnectFailed(_context.Config.Name, e.Message);
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task StartAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        // Attached before connecting: a resumed session's questions arrive right after the CONNACK.
        _client.ApplicationMessageReceivedAsync += ReceivedAsync;
        _client.DisconnectedAsync += DisconnectedAsync;
        var connected = await _client.ConnectAsync(options, cancellationToken);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MqttBrokerException(
                connected.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                    or MqttClientConnectResultCode.Banned or MqttClientConnectResultCode.BadAuthenticationMethod
                    ? ChannelReasons.BadToken
                    : ChannelReasons.Unreachable,
                $"the broker refused the connection ({connected.ResultCode}{(connected.ReasonString is { Length: > 0 } why ? ": " + why : string.Empty)})");
        }

        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(new MqttTopicFilterBuilder()
                .WithTopic(_topics.AskFilter)
                .WithAtLeastOnceQoS()
                .WithRetainHandling(MqttRetainHandling.DoNotSendOnSubscribe)
                .Build())
            .Build();
        var granted = (await _client.SubscribeAsync(subscription, cancellationToken)).Items.Single().ResultCode;
        if (granted is not (MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
        {
            throw new MqttBrokerException(
                granted == MqttClientSubscribeResultCode.NotAuthorized ? ChannelReasons.BadToken : ChannelReasons.Unreachable,
                $"the broker did not grant the subscription to {_topics.AskFilter} with QoS 1 ({granted}): the gateway's user needs to read it");
        }

        LogSubscribed(_context.Config.Name, _topics.AskFilter, connected.IsSessionPresent);
    }

    private Task ReceivedAsync(MqttApplicationMessageReceivedEventArgs received)
    {
        received.AutoAcknowledge = false;
        if (_stop.IsCancellationRequested)
        {
            // Left unacknowledged: the broker redelivers it to the next session.
            return Task.CompletedTask;
        }

        var acknowledge = _acknowledgements.Reserve(received.AcknowledgeAsync);
        var question = MqttQuestion.Read(received.ApplicationMessage, _topics, Stopwatch.GetTimestamp());
        var user = question?.Message.ChatId ?? string.Empty;
        lock (_lastOfUser)
        {
            var answering = AnswerAfterAsync(_lastOfUser.GetValueOrDefault(user, Task.CompletedTask), question, acknowledge);
            _lastOfUser[user] = answering;
            _ = answering.ContinueWith(Forget, user, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    private async Task AnswerAfterAsync(Task previous, MqttQuestion? question, Func<CancellationToken, Task> acknowledge)
    {
        // One user's questions are answered in the order they were asked.
        await previous;
        try
        {
            var token = _stop.Token;
            token.ThrowIfCancellationRequested();
            if (question is { Problem: { } problem } && _allowList.Allows(question.Message))
            {
                _context.Metrics.Failed(ErrorStage.Receive);
                LogUnusable(_context.Config.Name, problem);
                await new MqttReplyTarget(_client, question).SendAsync(problem, token);
            }
            else if (question is not null)
            {
                // Strangers are refused there, whatever they sent.
                var outcome = await _turns.HandleAsync(question.Message, new MqttReplyTarget(_client, question), token);
                if (outcome == TurnOutcome.Answered)
                {
                    Interlocked.Increment(ref _answered);
                }
            }

            // Only now: once acknowledged, the broker never redelivers the question.
            await acknowledge(token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            End(e);
        }
    }

    private void Forget(Task answering, object? user)
    {
        lock (_lastOfUser)
        {
            if (_lastOfUser.TryGetValue((string)user!, out var last) && last == answering)
            {
                _lastOfUser.Remove((string)user!);
            }
        }
    }

    private Task DisconnectedAsync(MqttClientDisconnectedEventArgs disconnected)
    {
        if (!_stop.IsCancellationRequested && disconnected.ClientWasConnected)
        {
            _context.Metrics.Failed(ErrorStage.Receive);
            End(disconnected.Reason == MqttClientDisconnectReason.SessionTakenOver
                ? new MqttBrokerException(ChannelReasons.Conflict, "another client connected with the gateway's client id and took its session over")
                : new MqttBrokerException(ChannelReasons.Unreachable, $"the connection to the broker was lost ({disconnected.Reason}{Detail(disconnected)})", disconnected.Exception));
        }

        return Task.CompletedTask;
    }

    private void End(Exception reason)
    {
        if (_ended.TrySetException(reason))
        {
            _stop.Cancel();
        }
    }

    private static string Detail(MqttClientDisconnectedEventArgs disconnected) =>
        disconnected.ReasonString is { Length: > 0 } why ? ": " + why
        : disconnected.Exception is { } error ? ": " + (error.InnerException ?? error).Message
        : string.Empty;

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: subscribed to {Filter} (session resumed: {Resumed})")]
    private partial void LogSubscribed(string channel, string filter, bool resumed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: a message cannot be answered: {Problem}")]
    private partial void LogUnusable(string channel, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Channel {Channel}: disconnecting failed: {Reason}")]
    private partial void LogDisconnectFailed(string channel, string reason);
}
