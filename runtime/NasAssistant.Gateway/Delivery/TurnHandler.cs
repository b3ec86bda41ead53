using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Delivery;

/// <summary>
/// Answers one message, the same way for every channel: strangers get a polite refusal and nothing is
/// stored; commands are answered here; questions go to the assistant with the chat's conversation and an
/// idempotency key from the delivery id, while the typing action shows. The reply is split to the platform's
/// limit and each part is recorded in the <see cref="ChannelStore"/> once the platform accepted it, then the
/// whole reply. A redelivered message therefore sends only the parts not yet sent (the assistant replays
/// the same reply for the same key), and nothing once the reply is complete. A redelivery that arrives while
/// the first is still being answered waits for it. The channel confirms a delivery to its platform only
/// after this returns.
/// </summary>
internal sealed partial class TurnHandler
{
    private static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(4);
    private readonly string _channel;
    private readonly AssistantClient _assistant;
    private readonly ChannelStore _store;
    private readonly ChannelMetrics _metrics;
    private readonly AllowList _allowList;
    private readonly StrangerRefusals _refusals;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Task<TurnOutcome>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates the handler of one channel for one leadership term (the store is that term's).</summary>
    public TurnHandler(ChannelConfig channel, AssistantClient assistant, ChannelStore store, ChannelMetrics metrics, StrangerRefusals refusals, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _channel = channel.Name;
        _assistant = assistant;
        _store = store;
        _metrics = metrics;
        _allowList = new AllowList(channel);
        _refusals = refusals;
        _time = time;
        _logger = logger;
    }

    /// <summary>Answers <paramref name="message"/> through <paramref name="target"/>.</summary>
    /// <exception cref="AssistantUnavailableException">The assistant is unreachable: do not confirm the delivery; try again later.</exception>
    /// <exception cref="Exception">Sending failed: do not confirm the delivery; the parts sent so far are recorded.</exception>
    public async Task<TurnOutcome> HandleAsync(InboundMessage message, IReplyTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        if (!_allowList.Allows(message))
        {
            return await RefuseAsync(message, target, cancellationToken);
        }

        Task<TurnOutcome> answer;
        bool mine;
        lock (_inFlight)
        {
            mine = !_inFlight.TryGetValue(message.DeliveryId, out answer!);
            if (mine)
            {
                answer = AnswerAsync(message, target, cancellationToken);
                _inFlight[message.DeliveryId] = answer;
            }
        }

        try
        {
            var outcome = await answer;
            return mine ? outcome : TurnOutcome.AlreadyAnswered;
        }
        finally
        {
            if (mine)
            {
                lock (_inFlight)
                {
                    _inFlight.Remove(message.DeliveryId);
                }
            }
        }
    }

    private async Task<TurnOutcome> RefuseAsync(InboundMessage message, IReplyTarget target, CancellationToken cancellationToken)
    {
        var stranger = message.IsGroup ? message.ChatId : message.SenderId;
        if (_refusals.ShouldRefuse(stranger))
        {
            await target.SendAsync(Replies.Stranger(stranger), cancellationToken);
            _metrics.Refused();
            LogRefused(_channel, message.IsGroup ? "group" : "user");
        }

        return TurnOutcome.Refused;
    }

    private async Task<TurnOutcome> AnswerAsync(InboundMessage message, IReplyTarget target, CancellationToken cancellationToken)
    {
        // Yield first, so the caller has registered this delivery as in flight before any of it runs.
        await Task.Yield();
        var progress = _store.Progress(message.DeliveryId);
        if (progress.Completed)
        {
            return TurnOutcome.AlreadyAnswered;
        }

        _metrics.Received();
        var text = ChatCommands.Parse(message.Text) switch
        {
            ChatCommand.Start => Replies.Greeting,
            ChatCommand.New => StartConversation(message),
            ChatCommand.Sources => Replies.Sources(_store.CitationsOf(message.ChatId)),
            _ => await AskAsync(message, target, cancellationToken),
        };

        var parts = ReplySplitter.Split(text, target.MaxMessageLength);
        for (var part = progress.PartsSent; part < parts.Count; part++)
        {
            try
            {
                await target.SendAsync(parts[part], cancellationToken);
            }
            catch (ReplyUndeliverableException e)
            {
                // Retrying cannot help, and holding the delivery back would stall the chat's later messages.
                _metrics.Failed(ErrorStage.Send);
                LogUndeliverable(_channel, message.DeliveryId, e.Message);
                _store.Completed(message.DeliveryId);
                return TurnOutcome.Undeliverable;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _metrics.Failed(ErrorStage.Send);
                throw;
            }

            _store.PartSent(message.DeliveryId, part);
            _metrics.Sent();
        }

        _store.Completed(message.DeliveryId);
        _metrics.Replied(message.ArrivedTimestamp);
        return TurnOutcome.Answered;
    }

    private string StartConversation(InboundMessage message)
    {
        _store.StartConversation(message.ChatId, ConversationIds.After(_channel, message.ChatId, message.DeliveryId));
        return Replies.NewConversation;
    }

    private async Task<string> AskAsync(InboundMessage message, IReplyTarget target, CancellationToken cancellationToken)
    {
        var turn = new AssistantTurn(
            ConversationIds.User(_channel, message.ChatId),
            _store.ConversationOf(message.ChatId) ?? ConversationIds.First(_channel, message.ChatId),
            ConversationIds.IdempotencyKey(_channel, message.ChatId, message.DeliveryId, message.Text),
            message.Text);
        using var typing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typingLoop = ShowTypingAsync(target, typing.Token);
        try
        {
            var reply = await _assistant.AskAsync(turn, cancellationToken);
            _store.SetCitations(message.ChatId, reply.Citations);
            if (reply.Replayed)
            {
                LogReplayed(_channel, message.DeliveryId);
            }

            return reply.Text.Trim().Length > 0 ? reply.Text : Replies.Empty;
        }
        catch (AssistantRefusedException e)
        {
            _metrics.Failed(ErrorStage.Assistant);
            LogAssistantRefused(_channel, e.Message);
            return Replies.Refused(e.Message);
        }
        catch (AssistantUnavailableException)
        {
            _metrics.Failed(ErrorStage.Assistant);
            throw;
        }
        finally
        {
            await typing.CancelAsync();
            await typingLoop;
        }
    }

    private async Task ShowTypingAsync(IReplyTarget target, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TypingRefresh, _time);
        do
        {
            try
            {
                await target.ShowTypingAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The typing action is a courtesy: its failure must not fail the answer.
                LogTypingFailed(_channel, e.Message);
            }
        }
        while (await Tick(timer, cancellationToken));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: refused a {Kind} not on the allow-list")]
    private partial void LogRefused(string channel, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: the assistant replayed its stored reply for delivery {DeliveryId}")]
    private partial void LogReplayed(string channel, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: the assistant refused a question: {Reason}")]
    private partial void LogAssistantRefused(string channel, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: the reply to delivery {DeliveryId} cannot be delivered and is given up: {Reason}")]
    private partial void LogUndeliverable(string channel, string deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Channel {Channel}: typing action failed: {Reason}")]
    private partial void LogTypingFailed(string channel, string reason);
}
