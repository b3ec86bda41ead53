using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;

namespace NasAssistant.Gateway.Channels.Feishu;

/// <summary>
/// A Feishu or Lark bot receiving events at the gateway. Without an Encrypt Key, events come in plain JSON
/// and are trusted by their Verification Token; with one, every event must come encrypted and carry a valid
/// <c>X-Lark-Signature</c>, checked before decrypting (only the request URL check comes unsigned). The URL
/// check is answered with its challenge; a message is confirmed with an empty 200 once kept (Feishu waits 3
/// seconds, then delivers again after 15 seconds, 5 minutes, 1 hour and 6 hours) and answered through the
/// message API. Connecting fetches a tenant access token and the bot's own open_id, which tells the messages
/// that mention it in a group.
/// </summary>
internal sealed class FeishuChannel : WebhookChannel
{
    private readonly SecretFile _verificationToken;
    private readonly SecretFile? _encryptKey;
    private readonly FeishuApi _api;
    private volatile string? _botOpenId;

    /// <summary>Opens the channel's secret files; nothing is sent to Feishu before a term starts.</summary>
    public FeishuChannel(ChannelContext context)
        : base(context, "Feishu events")
    {
        var config = context.Config.Feishu!;
        _verificationToken = OpenSecret(config.VerificationTokenFile);
        _encryptKey = config.EncryptKeyFile is { } keyFile ? OpenSecret(keyFile) : null;
        _api = new FeishuApi(config, OpenSecret(config.AppSecretFile), Http, context.Time);
    }

    /// <inheritdoc />
    protected override async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _ = Require(_verificationToken);
        if (_encryptKey is not null)
        {
            _ = Require(_encryptKey);
        }

        _botOpenId = await _api.BotOpenIdAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<WebhookReceipt> ReceiveAsync(HttpRequest request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsPost(request.Method))
        {
            return Task.FromResult<WebhookReceipt>(new WebhookResponse(StatusCodes.Status405MethodNotAllowed));
        }

        try
        {
            using var outer = JsonDocument.Parse(body);
            return Task.FromResult(Receive(request, body, outer.RootElement));
        }
        catch (JsonException)
        {
            return Task.FromResult<WebhookReceipt>(WebhookResponse.BadRequest("the body (or what it decrypts to) is not JSON"));
        }
    }

    /// <inheritdoc />
    protected override IReplyTarget ReplyTarget(InboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new FeishuReplyTarget(_api, entry.Route[FeishuEvents.ChatKey], entry.Message.DeliveryId, Calls);
    }

    private WebhookReceipt Receive(HttpRequest request, byte[] body, JsonElement outer)
    {
        var encrypt = JsonFields.String(outer, "encrypt");
        if (_encryptKey is null)
        {
            return encrypt is null
                ? Read(outer)
                : WebhookResponse.BadRequest("an encrypted event, but the channel has no encryptKeyFile");
        }

        if (encrypt is null)
        {
            // Anyone who learnt the Verification Token could forge a plain event; with a key, only encrypted ones count.
            return WebhookResponse.Unauthorized("a plain event, but the channel expects them encrypted");
        }

        // The signature covers the raw body, so a request signed with another key is refused before anything is decrypted.
        var key = Require(_encryptKey);
        var signature = request.Headers["X-Lark-Signature"].ToString();
        var signed = signature.Length > 0;
        if (signed && !WebhookSignatures.Matches(signature, FeishuCrypto.Signature(request.Headers["X-Lark-Request-Timestamp"].ToString(), request.Headers["X-Lark-Request-Nonce"].ToString(), key, body)))
        {
            return WebhookResponse.Unauthorized("X-Lark-Signature does not match (another Encrypt Key?)");
        }

        string plain;
        try
        {
            plain = FeishuCrypto.Decrypt(key, encrypt);
        }
        catch (CryptographicException e)
        {
            return WebhookResponse.Unauthorized($"the event cannot be decrypted (another Encrypt Key?): {e.Message}");
        }

        using var inner = JsonDocument.Parse(plain);
        if (!signed && !FeishuEvents.IsChallenge(inner.RootElement))
        {
            // Feishu signs every event; only the request URL check comes unsigned.
            return WebhookResponse.Unauthorized("an event without X-Lark-Signature");
        }

        return Read(inner.RootElement);
    }

    private WebhookReceipt Read(JsonElement root)
    {
        if (!WebhookSignatures.Matches(FeishuEvents.Token(root), Require(_verificationToken)))
        {
            return WebhookResponse.Unauthorized("the Verification Token does not match");
        }

        if (FeishuEvents.IsChallenge(root))
        {
            return WebhookResponse.Json(new System.Text.Json.Nodes.JsonObject { ["challenge"] = JsonFields.String(root, "challenge") }.ToJsonString());
        }

        if (_botOpenId is not { } bot)
        {
            // Not connected yet, so whether a group message mentions the bot is unknown: Feishu delivers it again.
            return new WebhookResponse(StatusCodes.Status503ServiceUnavailable);
        }

        return FeishuEvents.Message(root, bot) is ({ } message, { } route)
            ? new WebhookMessage(message, route, WebhookResponse.Empty)
            : WebhookResponse.Empty;
    }
}
