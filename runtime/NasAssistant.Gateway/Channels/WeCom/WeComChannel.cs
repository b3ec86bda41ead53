using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.WeCom;

/// <summary>
/// A WeCom self-built application. WeCom checks the callback URL with a GET (<c>msg_signature</c>,
/// <c>timestamp</c>, <c>nonce</c>, <c>echostr</c>), answered with the decrypted <c>echostr</c>; then posts each
/// member's message encrypted and signed the same way. A message is confirmed with an empty 200 once kept
/// (WeCom waits 5 seconds and then delivers again, three times), and answered through <c>message/send</c>,
/// not in the callback's response: an answer takes longer than those 5 seconds, and WeCom takes a passive
/// reply only within them. Redeliveries carry the same <c>MsgId</c>, the delivery id.
/// </summary>
internal sealed class WeComChannel : WebhookChannel
{
    private readonly WeComChannelConfig _config;
    private readonly SecretFile _token;
    private readonly SecretFile _aesKey;
    private readonly WeComApi _api;

    /// <summary>Opens the channel's secret files; nothing is sent to WeCom before a term starts.</summary>
    public WeComChannel(ChannelContext context)
        : base(context, "WeCom callbacks")
    {
        _config = context.Config.WeCom!;
        _token = OpenSecret(_config.TokenFile);
        _aesKey = OpenSecret(_config.EncodingAesKeyFile);
        _api = new WeComApi(_config, OpenSecret(_config.SecretFile), Http, context.Time);
    }

    /// <inheritdoc />
    protected override async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _ = Crypto();
        await _api.CheckAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<WebhookReceipt> ReceiveAsync(HttpRequest request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var crypto = Crypto();
        var signature = request.Query["msg_signature"].ToString();
        var timestamp = request.Query["timestamp"].ToString();
        var nonce = request.Query["nonce"].ToString();
        WebhookReceipt receipt;
        if (HttpMethods.IsGet(request.Method))
        {
            // Base64 has no spaces: one here is a '+' that reached the query string without its percent-encoding.
            var echo = request.Query["echostr"].ToString().Replace(' ', '+');
            receipt = echo.Length == 0
                ? WebhookResponse.BadRequest("a GET without echostr")
                : Open(crypto, signature, timestamp, nonce, echo, WebhookResponse.Text);
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            receipt = WeComCallbacks.Encrypted(body) is { Length: > 0 } encrypted
                ? Open(crypto, signature, timestamp, nonce, encrypted, Message)
                : WebhookResponse.BadRequest("a POST that is not a WeCom callback (no Encrypt element)");
        }
        else
        {
            receipt = new WebhookResponse(StatusCodes.Status405MethodNotAllowed);
        }

        return Task.FromResult(receipt);
    }

    /// <inheritdoc />
    protected override IReplyTarget ReplyTarget(InboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new WeComReplyTarget(_api, entry.Message.ChatId, Calls);
    }

    private WebhookReceipt Message(string xml) =>
        WeComCallbacks.Message(xml, _config.AgentId) is { } message
            ? new WebhookMessage(message, new Dictionary<string, string>(), WebhookResponse.Empty)
            : WebhookResponse.Empty;

    private static WebhookReceipt Open(WeComCrypto crypto, string signature, string timestamp, string nonce, string encrypted, Func<string, WebhookReceipt> read)
    {
        if (!crypto.SignatureMatches(signature, timestamp, nonce, encrypted))
        {
            return WebhookResponse.Unauthorized("msg_signature does not match (another Token?)");
        }

        try
        {
            return read(crypto.Decrypt(encrypted));
        }
        catch (CryptographicException e)
        {
            return WebhookResponse.Unauthorized($"the callback cannot be decrypted: {e.Message}");
        }
    }

    private WeComCrypto Crypto()
    {
        var key = Require(_aesKey);
        try
        {
            return new WeComCrypto(Require(_token), key, _config.CorpId);
        }
        catch (FormatException e)
        {
            throw new SecretUnavailableException($"secret file {_aesKey.Path} does not hold an EncodingAESKey ({e.Message})", e);
        }
    }
}
