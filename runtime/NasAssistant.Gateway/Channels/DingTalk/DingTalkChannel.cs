using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.DingTalk;

/// <summary>
/// A DingTalk robot in HTTP mode. DingTalk posts each message (in a group, only those that @ the robot) with
/// the <see cref="DingTalkSignature"/> headers; the message is confirmed with an empty 200 once kept and
/// answered through its <c>sessionWebhook</c>, which must lie under the configured API server (the body is
/// not signed, so a forged address would otherwise receive the answer). The <c>msgId</c> is the delivery id.
/// The robot needs no API call of its own, so connecting only checks that its AppSecret file is there.
/// </summary>
internal sealed class DingTalkChannel : WebhookChannel
{
    private readonly DingTalkChannelConfig _config;
    private readonly SecretFile _appSecret;
    private readonly Uri _apiBase;
    private readonly DingTalkReplayGuard _replays;

    /// <summary>Opens the channel's secret file.</summary>
    public DingTalkChannel(ChannelContext context)
        : base(context, "DingTalk robot messages")
    {
        _config = context.Config.DingTalk!;
        _appSecret = OpenSecret(_config.AppSecretFile);
        _apiBase = new Uri(_config.ApiBaseUrl.TrimEnd('/') + "/");
        _replays = new DingTalkReplayGuard(context.Time);
    }

    /// <inheritdoc />
    protected override Task ConnectAsync(CancellationToken cancellationToken)
    {
        _ = Require(_appSecret);
        return Task.CompletedTask;
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
        return DingTalkReplyTarget.FromRoute(entry.Route, Http, Calls, Context.Time);
    }

    private WebhookReceipt Receive(HttpRequest request, byte[] body)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return new WebhookResponse(StatusCodes.Status405MethodNotAllowed);
        }

        var sign = request.Headers["sign"].ToString();
        if (DingTalkSignature.Check(Require(_appSecret), request.Headers["timestamp"].ToString(), sign, Context.Time.GetUtcNow()) is { } why)
        {
            return WebhookResponse.Unauthorized(why);
        }

        (InboundMessage Message, Dictionary<string, string> Route)? read;
        try
        {
            read = DingTalkMessages.Read(body);
        }
        catch (JsonException)
        {
            return WebhookResponse.BadRequest("the body is not JSON");
        }

        if (read is not ({ } message, { } route))
        {
            return WebhookResponse.Empty;
        }

        if (!_replays.Admits(sign, message.DeliveryId))
        {
            return WebhookResponse.Unauthorized("a signature already used with another message (a replay)");
        }

        return IsUnderApiBase(route[DingTalkMessages.WebhookKey])
            ? new WebhookMessage(message, route, WebhookResponse.Empty)
            : WebhookResponse.BadRequest($"the sessionWebhook is not under {_config.ApiBaseUrl}");
    }

    private bool IsUnderApiBase(string webhook) =>
        Uri.TryCreate(webhook, UriKind.Absolute, out var url)
        && url.Scheme == _apiBase.Scheme
        && url.Authority.Equals(_apiBase.Authority, StringComparison.OrdinalIgnoreCase)
        && url.AbsolutePath.StartsWith(_apiBase.AbsolutePath, StringComparison.Ordinal);
}
