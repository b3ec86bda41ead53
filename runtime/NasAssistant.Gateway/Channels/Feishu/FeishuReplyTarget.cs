using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.Feishu;

/// <summary>Replies into one Feishu chat through the message API; Feishu has no typing indicator for bots.</summary>
internal sealed class FeishuReplyTarget(FeishuApi api, string chatId, string deliveryId, PlatformCalls calls) : IReplyTarget
{
    /// <summary>Parts of at most 10,000 UTF-16 units: within the 150 KB a text message's request may hold, whatever the script.</summary>
    public const int MessageLimit = 10_000;

    /// <inheritdoc />
    public int MaxMessageLength => MessageLimit;

    /// <inheritdoc />
    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        calls.CallAsync(token => api.SendTextAsync(chatId, text, deliveryId, token), cancellationToken);

    /// <inheritdoc />
    public Task ShowTypingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
