using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>
/// A Slack app whose Events API (and slash commands) post to the gateway. Every request must carry a valid
/// <see cref="SlackSignature"/>, the URL check (<c>url_verification</c>) included, which is answered with its
/// challenge. A message is confirmed with an empty 200 once kept (Slack waits 3 seconds, then retries up to
/// three times with <c>X-Slack-Retry-Num</c>) and answered with <c>chat.postMessage</c>. Connecting calls
/// <c>auth.test</c>, which checks the bot token and gives the bot's user id, removed from mentions.
/// </summary>
internal sealed class SlackChannel : WebhookChannel
{
    private readonly SecretFile _signingSecret;
    private readonly SlackApi _api;
    private volatile string? _botUser;

    /// <summary>Opens the channel's secret files; nothing is sent to Slack before a term starts.</summary>
    public SlackChannel(ChannelContext context)
        : base(context, "Slack events")
    {
        var config = context.Config.Webhook!.Slack!;
        _signingSecret = OpenSecret(config.SigningSecretFile);
        _api = new SlackApi(config, OpenSecret(config.BotTokenFile), Http);
    }

    /// <inheritdoc />
    protected override async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _ = Require(_signingSecret);
        (_, _botUser) = await _api.AuthTestAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<WebhookReceipt> ReceiveAsync(HttpRequest request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Receive(request, body));
    }

    /// <inheritdoc />
    protected override IReplyTarget ReplyTarget(InboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new SlackReplyTarget(_api, entry.Route[SlackEvents.ChannelKey], entry.Route.GetValueOrDefault(SlackEvents.ThreadKey), Calls);
    }

    private WebhookReceipt Receive(HttpRequest request, byte[] body)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return new WebhookResponse(StatusCodes.Status405MethodNotAllowed);
        }

        var refusal = SlackSignature.Check(Require(_signingSecret), request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body, Context.Time.GetUtcNow());
        if (refusal is not null)
        {
            return WebhookResponse.Unauthorized(refusal);
        }

        if (request.HasFormContentType)
        {
            return Read(SlackEvents.Command(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))));
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (JsonFields.String(root, "type") == "url_verification")
            {
                return WebhookResponse.Json(new JsonObject { ["challenge"] = JsonFields.String(root, "challenge") }.ToJsonString());
            }

            // Not connected yet, the bot's id is unknown: Slack delivers again.
            return _botUser is { } bot ? Read(SlackEvents.Message(root, bot)) : new WebhookResponse(StatusCodes.Status503ServiceUnavailable);
        }
        catch (JsonException)
        {
            return WebhookResponse.BadRequest("the body is neither JSON nor a form");
        }
    }

    private static WebhookReceipt Read((InboundMessage Message, Dictionary<string, string> Route)? read) =>
        read is ({ } message, { } route) ? new WebhookMessage(message, route, WebhookResponse.Empty) : WebhookResponse.Empty;
}
