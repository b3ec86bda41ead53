using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels.Slack;

/// <summary>Collects the reply to an outgoing webhook, which goes back in the response: one message, so the parts are joined again.</summary>
internal sealed class ResponseReplyTarget : IReplyTarget
{
    /// <summary>Mattermost's longest post (16,383 characters); Rocket.Chat's default limit is 5,000.</summary>
    public const int MessageLimit = 16_383;

    private readonly List<string> _parts = [];

    /// <summary>The reply so far: empty when the message was already answered.</summary>
    public string Text => string.Join("\n\n", _parts);

    /// <inheritdoc />
    public int MaxMessageLength => MessageLimit;

    /// <inheritdoc />
    public Task SendAsync(string text, CancellationToken cancellationToken)
    {
        _parts.Add(text);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ShowTypingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
