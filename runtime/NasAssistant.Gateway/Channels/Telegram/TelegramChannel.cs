using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace NasAssistant.Gateway.Channels.Telegram;

/// <summary>
/// A Telegram bot. By long polling (the default): <c>getUpdates</c> with the offset of the first update not yet
/// answered, so Telegram keeps redelivering an update until its reply went out; updates of one chat are
/// answered in order, chats side by side. By webhook when configured: <c>setWebhook</c> with a secret token,
/// and the update's 200 only once it is answered. A changed token or webhook secret reconnects at once; a bad
/// token, an unreachable API, a 409 (another consumer) or a 429 shows in the channel's health.
/// </summary>
internal sealed partial class TelegramChannel : IChannelAdapter
{
    private const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private static readonly UpdateType[] AllowedUpdates = [UpdateType.Message];
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(60);
    private readonly ChannelContext _context;
    private readonly TelegramChannelConfig _config;
    private readonly SecretFile _token;
    private readonly SecretFile? _webhookSecret;
    private readonly HttpClient _http;
    private readonly TelegramCalls _calls;
    private readonly ILogger _logger;
    private volatile TaskCompletionSource _secretsChanged = NewSignal();
    private volatile Connection? _connection;

    /// <summary>Opens the channel's secret files; nothing is sent to Telegram before <see cref="RunAsync"/>.</summary>
    public TelegramChannel(ChannelContext context)
    {
        _context = context;
        _config = context.Config.Telegram!;
        _logger = context.Loggers.CreateLogger<TelegramChannel>();
        _token = context.OpenSecret(_config.TokenFile);
        _token.Changed += SecretsChanged;
        if (_config.Webhook is { } webhook)
        {
            _webhookSecret = context.OpenSecret(webhook.SecretTokenFile);
            _webhookSecret.Changed += SecretsChanged;
        }

        // A long poll holds the request open for the poll timeout; the client must wait longer than that.
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(_config.PollTimeoutSeconds + 30) };
        _calls = new TelegramCalls(context);
    }

    /// <inheritdoc />
    public async Task RunAsync(TurnHandler turns, CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _secretsChanged.Task;
            using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = changed.ContinueWith(static (_, state) => CancelQuietly((CancellationTokenSource)state!), session, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            try
            {
                var connection = await ConnectAsync(session.Token);
                if (_config.Webhook is { } webhook)
                {
                    await RegisterWebhookAsync(connection, webhook, session.Token);
                    retry = FirstRetry;
                    await Task.Delay(Timeout.InfiniteTimeSpan, _context.Time, session.Token);
                }
                else
                {
                    await PollAsync(connection, turns, () => retry = FirstRetry, session.Token);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (changed.IsCompleted)
            {
                LogReconnecting(_context.Config.Name);
                continue;
            }
            catch (Exception e)
            {
                ReportFailure(e);
            }

            // Wait before trying again, unless a secret changes first (a fixed token should work at once).
            await Task.WhenAny(Task.Delay(retry, _context.Time, cancellationToken), changed);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }

        _connection = null;
        _context.Health.Report(false, ChannelReasons.Standby, "not the active gateway instance");
    }

    /// <inheritdoc />
    public async Task HandleWebhookAsync(HttpContext context, TurnHandler turns)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!SecretMatches(context.Request.Headers[SecretHeader].ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (_connection is not { } connection)
        {
            // Not connected yet (just became the active instance): Telegram retries later.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (update is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        try
        {
            await HandleUpdateAsync(connection, update, turns, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not answered: anything but 2xx makes Telegram deliver the update again.
            ReportFailure(e);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        var token = _token.Value ?? throw new SecretUnavailableException(_token.Problem ?? $"secret file {_token.Path} is empty");
        TelegramBotClient client;
        try
        {
            client = new TelegramBotClient(new TelegramBotClientOptions(token, _config.ApiBaseUrl) { RetryCount = 0 }, _http, CancellationToken.None);
        }
        catch (ArgumentException e)
        {
            throw new SecretUnavailableException($"secret file {_token.Path} does not hold a bot token (digits, ':' and the key from @BotFather)", e);
        }

        var bot = await _calls.CallAsync(token => client.GetMe(token), cancellationToken);
        var connection = new Connection(client, bot);
        _connection = connection;
        LogConnected(_context.Config.Name, bot.Username, bot.Id);
        return connection;
    }

    private async Task RegisterWebhookAsync(Connection connection, TelegramWebhookConfig webhook, CancellationToken cancellationToken)
    {
        var secret = _webhookSecret!.Value ?? throw new SecretUnavailableException(_webhookSecret.Problem ?? $"secret file {_webhookSecret.Path} is empty");
        await _calls.CallAsync(token => connection.Client.SetWebhook(webhook.Url, secretToken: secret, allowedUpdates: AllowedUpdates, cancellationToken: token), cancellationToken);
        _context.Health.Report(true, ChannelReasons.Connected, $"webhook set to {webhook.Url}");
    }

    private async Task PollAsync(Connection connection, TurnHandler turns, Action succeeded, CancellationToken cancellationToken)
    {
        // Polling and a webhook exclude each other (getUpdates answers 409 while one is set); this bot polls.
        await _calls.CallAsync(token => connection.Client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: token), cancellationToken);
        _context.Health.Report(true, ChannelReasons.Connected, "long polling");
        int? offset = null;
        while (true)
        {
            var updates = await _calls.CallAsync(
                token => connection.Client.GetUpdates(offset, limit: 100, timeout: _config.PollTimeoutSeconds, allowedUpdates: AllowedUpdates, cancellationToken: token),
                cancellationToken);
            if (_context.Health.Current is { Ready: false })
            {
                _context.Health.Report(true, ChannelReasons.Connected, "long polling");
            }

            succeeded();
            if (updates.Length == 0)
            {
                continue;
            }

            await AnswerBatchAsync(connection, updates, turns, cancellationToken);

            // Confirmed by the next getUpdates: only now, with every update of the batch answered.
            offset = updates[^1].Id + 1;
        }
    }

    private async Task AnswerBatchAsync(Connection connection, Update[] updates, TurnHandler turns, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentBag<(int UpdateId, Exception Error)>();
        await Task.WhenAll(updates.GroupBy(u => u.Message?.Chat.Id ?? 0).Select(async chat =>
        {
            foreach (var update in chat)
            {
                try
                {
                    await HandleUpdateAsync(connection, update, turns, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The chat's later updates wait too, so its messages are answered in order.
                    failures.Add((update.Id, e));
                    return;
                }
            }
        }));

        cancellationToken.ThrowIfCancellationRequested();
        if (!failures.IsEmpty)
        {
            // Nothing of the batch is confirmed; what was answered is in the journal and is not answered again.
            ExceptionDispatchInfo.Throw(failures.MinBy(f => f.UpdateId).Error);
        }
    }

    private async Task HandleUpdateAsync(Connection connection, Update update, TurnHandler turns, CancellationToken cancellationToken)
    {
        if (TelegramMessages.ToInbound(update, connection.Bot) is not { } message)
        {
            return;
        }

        var target = new TelegramReplyTarget(connection.Client, update.Message!.Chat.Id, message.IsGroup ? update.Message.Id : null, _calls);
        await turns.HandleAsync(message, target, cancellationToken);
    }

    private bool SecretMatches(string presented)
    {
        var expected = _webhookSecret?.Value;
        return expected is not null
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    private void ReportFailure(Exception e)
    {
        var (reason, message, stage) = e switch
        {
            SecretUnavailableException => (ChannelReasons.SecretMissing, e.Message, ErrorStage.Receive),
            ApiRequestException { ErrorCode: 401 or 404 } => (ChannelReasons.BadToken, $"Telegram refused the bot token ({((ApiRequestException)e).ErrorCode}): check {_token.Path}", ErrorStage.Receive),
            ApiRequestException { ErrorCode: 409 } => (ChannelReasons.Conflict, $"another consumer uses this bot (409): {e.Message}", ErrorStage.Receive),
            AssistantUnavailableException => (ChannelReasons.AssistantUnavailable, $"{e.Message}; messages wait on Telegram until it answers", ErrorStage.Assistant),
            _ => (ChannelReasons.Unreachable, $"the Bot API at {_config.ApiBaseUrl} failed: {Describe(e)}", ErrorStage.Receive),
        };
        if (stage != ErrorStage.Assistant)
        {
            _context.Metrics.Failed(stage);
        }

        var shown = _context.Redact(message);
        _context.Health.Report(false, reason, shown);
        LogFailed(_context.Config.Name, reason, shown);
    }

    private static string Describe(Exception e) =>
        e.InnerException is { } inner && e is RequestException ? $"{e.Message}: {inner.Message}" : e.Message;

    private void SecretsChanged()
    {
        var previous = _secretsChanged;
        _secretsChanged = NewSignal();
        previous.TrySetResult();
    }

    private static void CancelQuietly(CancellationTokenSource session)
    {
        try
        {
            session.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That session already ended.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: connected to Telegram as @{Bot} ({BotId})")]
    private partial void LogConnected(string channel, string? bot, long botId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: a secret file changed; reconnecting")]
    private partial void LogReconnecting(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: {Reason}: {Message}")]
    private partial void LogFailed(string channel, string reason, string message);

    private sealed record Connection(TelegramBotClient Client, User Bot);
}
