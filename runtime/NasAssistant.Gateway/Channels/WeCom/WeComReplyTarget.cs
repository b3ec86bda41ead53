using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.WeCom;

/// <summary>Replies to one member through <c>message/send</c>; WeCom has no typing indicator.</summary>
internal sealed class WeComReplyTarget(WeComApi api, string user, PlatformCalls calls) : IReplyTarget
{
    /// <summary>
    /// WeCom truncates a text message past 2048 bytes of UTF-8; a UTF-16 unit takes at most 3 of them
    /// (a surrogate pair's two take 4), so 682 units always fit.
    /// </summary>
    public const int MessageLimit = 682;

    /// <inheritdoc />
    public int MaxMessageLength => MessageLimit;

    /// <inheritdoc />
    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        calls.CallAsync(token => api.SendTextAsync(user, text, token), cancellationToken);

    /// <inheritdoc />
    public Task ShowTypingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
