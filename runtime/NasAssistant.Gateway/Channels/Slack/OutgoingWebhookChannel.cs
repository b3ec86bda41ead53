using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>
/// An outgoing webhook of Mattermost or Rocket.Chat (or Slack's legacy ones): the platform posts a channel
/// message that starts with a trigger word, with the webhook's token in the body, and posts the response's
/// <c>text</c> in the channel (as a reply in the thread, <c>response_type</c> comment, on Mattermost). Unlike the
/// other webhook kinds the answer goes back in the response, so the request stays open while the assistant
/// works (Mattermost waits 30 seconds by default, its <c>OutgoingIntegrationRequestsTimeout</c>) and nothing is
/// kept to answer later: these platforms do not deliver a message again, and have nowhere to send a late
/// answer without further credentials. A message id answered before gets an empty response.
/// </summary>
internal sealed partial class OutgoingWebhookChannel : IChannelAdapter
{
    private readonly ChannelContext _context;
    private readonly SecretFile _token;
    private readonly ILogger _logger;
    private volatile TaskCompletionSource _tokenChanged = NewSignal();

    /// <summary>Opens the channel's token file.</summary>
    public OutgoingWebhookChannel(ChannelContext context)
    {
        _context = context;
        _token = context.OpenSecret(context.Config.Webhook!.Outgoing!.TokenFile);
        _token.Changed += () =>
        {
            var previous = _tokenChanged;
            _tokenChanged = NewSignal();
            previous.TrySetResult();
        };
        _logger = context.Loggers.CreateLogger<OutgoingWebhookChannel>();
    }

    /// <inheritdoc />
    public async Task RunAsync(TurnHandler turns, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _tokenChanged.Task;
            if (_token.Value is null)
            {
                _context.Health.Report(false, ChannelReasons.SecretMissing, _token.Problem ?? $"secret file {_token.Path} is empty");
            }
            else
            {
                _context.Health.Report(true, ChannelReasons.Connected, $"receiving outgoing webhooks at {GatewayDefaults.WebhookPathPrefix}{_context.Config.Name}");
            }

            try
            {
                await changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public async Task HandleWebhookAsync(HttpContext context, TurnHandler turns)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(turns);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var read = OutgoingWebhookMessages.Read(buffer.ToArray(), context.Request.HasFormContentType);
        if (_token.Value is not { } expected)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (read is not { } received || !WebhookSignatures.Matches(received.Token, expected))
        {
            _context.Metrics.Failed(ErrorStage.Receive);
            LogRefused(_context.Config.Name, read is null ? "the body is neither JSON nor a form" : "the token does not match");
            context.Response.StatusCode = read is null ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
            return;
        }

        var reply = new ResponseReplyTarget();
        if (received.Message is { } message)
        {
            try
            {
                await turns.HandleAsync(message, reply, context.RequestAborted);
            }
            catch (AssistantUnavailableException e)
            {
                _context.Health.Report(false, ChannelReasons.AssistantUnavailable, e.Message);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
        }

        if (reply.Text.Length > 0)
        {
            if (!_context.Health.Current.Ready)
            {
                _context.Health.Report(true, ChannelReasons.Connected, "answering again");
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["text"] = reply.Text, ["response_type"] = "comment" }.ToJsonString());
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: refused a request: {Why}")]
    private partial void LogRefused(string channel, string why);
}
