using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>
/// Answers what a webhook channel accepted, for one leadership term: each chat's messages in the order they
/// came, chats side by side. An answer that fails (the assistant or the platform unreachable, credentials
/// refused) is tried again after a growing pause, and the channel's status says why meanwhile; it leaves the
/// <see cref="WebhookInbox"/> once the <see cref="TurnHandler"/> is done with it (answered, already answered or
/// undeliverable), or when it has waited longer than any delivery is remembered. When the term ends, what is
/// still unanswered stays in the inbox for the next one.
/// </summary>
internal sealed partial class InboxDispatcher : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(60);
    private readonly WebhookInbox _inbox;
    private readonly TurnHandler _turns;
    private readonly Func<InboxEntry, IReplyTarget> _targets;
    private readonly ChannelContext _context;
    private readonly CancellationToken _term;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Task> _chats = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _refusals = [];

    /// <summary>Creates the dispatcher of one term; <paramref name="targets"/> rebuilds a message's reply target from its route.</summary>
    public InboxDispatcher(WebhookInbox inbox, TurnHandler turns, Func<InboxEntry, IReplyTarget> targets, ChannelContext context, CancellationToken term)
    {
        _inbox = inbox;
        _turns = turns;
        _targets = targets;
        _context = context;
        _term = term;
        _logger = context.Loggers.CreateLogger<InboxDispatcher>();
    }

    /// <summary>Answers <paramref name="entry"/> after the earlier messages of its chat.</summary>
    public void Enqueue(InboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var chat = entry.Message.ChatId;
        lock (_chats)
        {
            var previous = _chats.GetValueOrDefault(chat) ?? Task.CompletedTask;
            var next = AnswerAfterAsync(previous, entry);
            _chats[chat] = next;
            _ = next.ContinueWith(_ => Forget(chat, next), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Gives a stranger the <see cref="TurnHandler"/>'s refusal, once, without keeping anything of theirs.</summary>
    public void Refuse(InboundMessage message, IReplyTarget target)
    {
        var refusal = RefuseAsync(message, target);
        lock (_refusals)
        {
            if (!refusal.IsCompleted)
            {
                _refusals.Add(refusal);
                _ = refusal.ContinueWith(done => { lock (_refusals) { _refusals.Remove(done); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Waits for the answers under way (they end as the term is cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_chats)
        {
            lock (_refusals)
            {
                running = [.. _chats.Values, .. _refusals];
            }
        }

        await Task.WhenAll(running);
    }

    private async Task AnswerAfterAsync(Task previous, InboxEntry entry)
    {
        await previous;
        var retry = FirstRetry;
        while (!_term.IsCancellationRequested)
        {
            try
            {
                await _turns.HandleAsync(entry.Message, _targets(entry), _term);
                _inbox.Done(entry.Message.DeliveryId);
                if (!_context.Health.Current.Ready && _context.Health.Current.Reason != ChannelReasons.SecretMissing)
                {
                    _context.Health.Report(true, ChannelReasons.Connected, "answering again");
                }

                return;
            }
            catch (OperationCanceledException) when (_term.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ReportFailure(e);
            }

            if (_context.Time.GetUtcNow() - entry.AcceptedAt > ChannelStore.DeliveryRetention)
            {
                LogGivenUp(_context.Config.Name, entry.Message.DeliveryId);
                _inbox.Done(entry.Message.DeliveryId);
                return;
            }

            try
            {
                await Task.Delay(retry, _context.Time, _term);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private async Task RefuseAsync(InboundMessage message, IReplyTarget target)
    {
        try
        {
            await _turns.HandleAsync(message, target, _term);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A refusal is a courtesy: it is not retried, so nothing of the stranger need be kept.
            var reason = _context.Redact(e.Message);
            LogRefusalFailed(_context.Config.Name, reason);
        }
        catch (OperationCanceledException)
        {
            // The term ended.
        }
    }

    private void ReportFailure(Exception e)
    {
        var (reason, message) = e switch
        {
            AssistantUnavailableException => (ChannelReasons.AssistantUnavailable, $"{e.Message}; accepted messages wait in the gateway until it answers"),
            PlatformException platform => (platform.Reason, e.Message),
            SecretUnavailableException => (ChannelReasons.SecretMissing, e.Message),
            _ => (ChannelReasons.Unreachable, e.Message),
        };
        var shown = _context.Redact(message);
        _context.Health.Report(false, reason, shown);
        LogAnswerFailed(_context.Config.Name, reason, shown);
    }

    private void Forget(string chat, Task done)
    {
        lock (_chats)
        {
            if (_chats.TryGetValue(chat, out var last) && last == done)
            {
                _chats.Remove(chat);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: an answer failed and is tried again: {Reason}: {Message}")]
    private partial void LogAnswerFailed(string channel, string reason, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel}: delivery {DeliveryId} waited longer than deliveries are remembered and is given up")]
    private partial void LogGivenUp(string channel, string deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: a refusal could not be sent: {Reason}")]
    private partial void LogRefusalFailed(string channel, string reason);
}
