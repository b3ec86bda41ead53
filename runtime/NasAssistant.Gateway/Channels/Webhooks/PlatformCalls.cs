namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>
/// Calls a platform's API the way the platforms ask: when one answers that the gateway goes too fast
/// (<see cref="PlatformException"/> of reason <see cref="ChannelReasons.RateLimited"/>), the channel shows it,
/// waits as long as the platform said (a minute when it said nothing) and calls again.
/// </summary>
internal sealed class PlatformCalls(ChannelContext context)
{
    private static readonly TimeSpan UnstatedWait = TimeSpan.FromMinutes(1);

    /// <summary>Runs <paramref name="call"/> (sending one message), waiting out rate limits.</summary>
    public async Task CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var limited = false;
        while (true)
        {
            try
            {
                await call(cancellationToken);
                if (limited && context.Health.Current.Reason == ChannelReasons.RateLimited)
                {
                    context.Health.Report(true, ChannelReasons.Connected, "sending again after the rate limit");
                }

                return;
            }
            catch (PlatformException e) when (e.Reason == ChannelReasons.RateLimited)
            {
                limited = true;
                var wait = e.RetryAfter is { } after && after > TimeSpan.Zero ? after : UnstatedWait;
                context.Health.Report(false, ChannelReasons.RateLimited, $"{e.Message}; waiting {wait.TotalSeconds:0} s");
                await Task.Delay(wait, context.Time, cancellationToken);
            }
        }
    }
}
