using NasAssistant.Gateway.Delivery;
using Telegram.Bot.Exceptions;

namespace NasAssistant.Gateway.Channels.Telegram;

/// <summary>
/// Calls the Bot API the way Telegram asks: a 429 waits <c>retry_after</c> seconds (the channel shows
/// <see cref="ChannelReasons.RateLimited"/> meanwhile) and tries again; a refused send (403: the user blocked
/// the bot; 400: the chat is gone) becomes <see cref="ReplyUndeliverableException"/>.
/// </summary>
internal sealed class TelegramCalls(ChannelContext context)
{
    /// <summary>Runs <paramref name="call"/>, waiting out rate limits.</summary>
    public async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1));
                context.Health.Report(false, ChannelReasons.RateLimited, $"Telegram asked to wait {wait.TotalSeconds:0} s (429)");
                await Task.Delay(wait, context.Time, cancellationToken);
            }
        }
    }

    /// <summary>Runs <paramref name="call"/>, waiting out rate limits.</summary>
    public Task CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>Sends, waiting out rate limits; a refusal for good becomes <see cref="ReplyUndeliverableException"/>.</summary>
    public async Task SendAsync(Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(send, cancellationToken);
            if (context.Health.Current.Reason == ChannelReasons.RateLimited)
            {
                context.Health.Report(true, ChannelReasons.Connected, "sending again after the rate limit");
            }
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            throw new ReplyUndeliverableException(context.Redact($"Telegram refused the message ({e.ErrorCode}): {e.Message}"), e);
        }
    }
}
