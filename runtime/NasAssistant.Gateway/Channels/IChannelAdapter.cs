using Microsoft.AspNetCore.Http;
using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Channels;

/// <summary>
/// What a messenger kind implements: turning the platform's deliveries into <see cref="InboundMessage"/>s for
/// the <see cref="TurnHandler"/> and sending its replies through an <see cref="IReplyTarget"/>. The adapter
/// confirms a delivery to the platform (Telegram's update offset, a webhook's 200) only after the handler
/// returned, so a message the platform counts as delivered has been answered. It reports its health
/// (bad token, unreachable, rate-limited) through <see cref="ChannelContext.Health"/>. An adapter is created
/// once per process (see <see cref="IChannelKind"/>) and may hold connections; its receiving runs only while
/// this gateway instance is the active one.
/// </summary>
internal interface IChannelAdapter : IAsyncDisposable
{
    /// <summary>
    /// Receives for one leadership term, until <paramref name="cancellationToken"/> ends it: polls the platform or
    /// registers the webhook, and keeps the channel's health current. It returns when cancelled; any other
    /// exception restarts it after a pause.
    /// </summary>
    Task RunAsync(TurnHandler turns, CancellationToken cancellationToken);

    /// <summary>Handles one request to <c>/webhooks/NAME</c> (only while this instance leads; otherwise the host answers 503 so the platform retries).</summary>
    Task HandleWebhookAsync(HttpContext context, TurnHandler turns);
}
