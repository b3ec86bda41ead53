using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>
/// What the kinds whose platform posts each message to the gateway share (WeCom, DingTalk, Feishu, Slack).
/// The platform wants its request answered within seconds and sends it again otherwise, while an answer may
/// take minutes; so a request that carries a message for the assistant is confirmed as soon as the message
/// is kept in the channel's <see cref="WebhookInbox"/>, and the <see cref="InboxDispatcher"/> answers it
/// through the platform's API. A redelivery of a message still waiting is confirmed and dropped; one that
/// comes after the answer goes to the <see cref="TurnHandler"/>, which finds it answered in the delivery
/// journal. Strangers are refused without keeping their message. Each term first checks the platform's
/// credentials (<see cref="ConnectAsync"/>), again whenever a secret file changes; messages are taken from
/// the first success on (503 before, so the platform retries), and what the inbox held is answered then.
/// </summary>
internal abstract partial class WebhookChannel : IChannelAdapter
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(60);
    private readonly AllowList _allowList;
    private readonly ILogger _logger;
    private volatile TaskCompletionSource _secretsChanged = NewSignal();
    private volatile Term? _term;

    /// <summary>Creates the channel of <paramref name="context"/> on <paramref name="platform"/> (its name in messages).</summary>
    protected WebhookChannel(ChannelContext context, string platform)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Platform = platform;
        _allowList = new AllowList(context.Config);
        _logger = context.Loggers.CreateLogger<WebhookChannel>();
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Calls = new PlatformCalls(context);
    }

    /// <summary>The channel's context.</summary>
    protected ChannelContext Context { get; }

    /// <summary>The platform's name, for messages.</summary>
    protected string Platform { get; }

    /// <summary>The client of the platform's API.</summary>
    protected HttpClient Http { get; }

    /// <summary>Calls that wait out the platform's rate limits.</summary>
    protected PlatformCalls Calls { get; }

    /// <summary>Where the platform posts, for status messages.</summary>
    protected string WebhookPath => GatewayDefaults.WebhookPathPrefix + Context.Config.Name;

    /// <inheritdoc />
    public async Task RunAsync(TurnHandler turns, CancellationToken cancellationToken)
    {
        using var inbox = WebhookInbox.Open(Context.DataDirectory);
        var dispatcher = new InboxDispatcher(inbox, turns, ReplyTarget, Context, cancellationToken);
        try
        {
            await ConnectUntilCancelledAsync(() =>
            {
                if (_term is null)
                {
                    _term = new Term(inbox, dispatcher);
                    foreach (var entry in inbox.Pending)
                    {
                        dispatcher.Enqueue(entry);
                    }
                }
            }, cancellationToken);
        }
        finally
        {
            _term = null;
            await dispatcher.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async Task HandleWebhookAsync(HttpContext context, TurnHandler turns)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        WebhookReceipt receipt;
        try
        {
            receipt = await ReceiveAsync(context.Request, buffer.ToArray());
        }
        catch (SecretUnavailableException e)
        {
            ReportFailure(e);
            Unavailable(context.Response);
            return;
        }

        if (receipt is WebhookResponse response)
        {
            if (response.Refusal is { } why)
            {
                Context.Metrics.Failed(ErrorStage.Receive);
                LogRefused(Context.Config.Name, why);
            }

            await response.WriteAsync(context.Response);
            return;
        }

        var received = (WebhookMessage)receipt;
        if (_term is not { } term)
        {
            // Not connected yet: the platform delivers again later.
            Unavailable(context.Response);
            return;
        }

        var entry = new InboxEntry(received.Message, received.Route, Context.Time.GetUtcNow());
        if (!_allowList.Allows(received.Message))
        {
            term.Dispatcher.Refuse(received.Message, ReplyTarget(entry));
        }
        else
        {
            try
            {
                if (term.Inbox.Accept(entry))
                {
                    term.Dispatcher.Enqueue(entry);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // Not kept, so not confirmed: the platform delivers it again.
                LogNotKept(Context.Config.Name, e.Message);
                Unavailable(context.Response);
                return;
            }
        }

        await received.Acknowledgement.WriteAsync(context.Response);
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        Http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Checks the credentials with the platform (and learns what the kind needs, such as the bot's own id); called again whenever a secret changes.</summary>
    /// <exception cref="PlatformException">The platform refused or cannot be reached.</exception>
    /// <exception cref="SecretUnavailableException">A secret file is missing or empty.</exception>
    protected abstract Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Verifies and reads one request of the platform (its raw <paramref name="body"/>).</summary>
    /// <exception cref="SecretUnavailableException">A secret needed to verify it is missing.</exception>
    protected abstract Task<WebhookReceipt> ReceiveAsync(HttpRequest request, byte[] body);

    /// <summary>Where the answer to <paramref name="entry"/> goes, from its route.</summary>
    protected abstract IReplyTarget ReplyTarget(InboxEntry entry);

    /// <summary>Opens a secret file of the channel; a change to it checks the credentials again.</summary>
    protected SecretFile OpenSecret(string path)
    {
        var secret = Context.OpenSecret(path);
        secret.Changed += SecretsChanged;
        return secret;
    }

    /// <summary>The value of <paramref name="secret"/>.</summary>
    /// <exception cref="SecretUnavailableException">The file is missing or empty.</exception>
    protected static string Require(SecretFile secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Value ?? throw new SecretUnavailableException(secret.Problem ?? $"secret file {secret.Path} is empty");
    }

    private async Task ConnectUntilCancelledAsync(Action connected, CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _secretsChanged.Task;
            try
            {
                await ConnectAsync(cancellationToken);
                Context.Health.Report(true, ChannelReasons.Connected, $"receiving {Platform} at {WebhookPath}");
                connected();
                retry = FirstRetry;
                await changed.WaitAsync(cancellationToken);
                LogReconnecting(Context.Config.Name);
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                ReportFailure(e);
            }

            // Wait before trying again, unless a secret changes first (a fixed secret should work at once).
            await Task.WhenAny(Task.Delay(retry, Context.Time, cancellationToken), changed);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void ReportFailure(Exception e)
    {
        var reason = e switch
        {
            SecretUnavailableException => ChannelReasons.SecretMissing,
            PlatformException platform => platform.Reason,
            _ => ChannelReasons.Unreachable,
        };
        Context.Metrics.Failed(ErrorStage.Receive);
        var shown = Context.Redact(e.Message);
        Context.Health.Report(false, reason, shown);
        LogFailed(Context.Config.Name, reason, shown);
    }

    private static void Unavailable(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "5";
    }

    private void SecretsChanged()
    {
        var previous = _secretsChanged;
        _secretsChanged = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: refused a request: {Why}")]
    private partial void LogRefused(string channel, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel}: a message could not be kept and is left to the platform to deliver again: {Error}")]
    private partial void LogNotKept(string channel, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: a secret file changed; checking the credentials again")]
    private partial void LogReconnecting(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: {Reason}: {Message}")]
    private partial void LogFailed(string channel, string reason, string message);

    private sealed record Term(WebhookInbox Inbox, InboxDispatcher Dispatcher);
}
