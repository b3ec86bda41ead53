using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>Replies into one Slack channel (or a thread of it) with <c>chat.postMessage</c>; bots have no typing indicator in the Events API.</summary>
internal sealed class SlackReplyTarget(SlackApi api, string channel, string? threadTs, PlatformCalls calls) : IReplyTarget
{
    /// <summary>Slack asks that a message's text stay within 4,000 characters (it cuts them at 40,000).</summary>
    public const int MessageLimit = 4000;

    /// <inheritdoc />
    public int MaxMessageLength => MessageLimit;

    /// <inheritdoc />
    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        calls.CallAsync(token => api.PostMessageAsync(channel, text, threadTs, token), cancellationToken);

    /// <inheritdoc />
    public Task ShowTypingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
