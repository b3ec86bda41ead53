namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>
/// An API access token that a platform issues for a secret and a lifetime (WeCom's <c>access_token</c>,
/// Feishu's <c>tenant_access_token</c>): fetched once for everyone who needs it at the same time, kept until
/// five minutes before it expires, fetched again when the secret changed or the platform said it is invalid.
/// </summary>
internal sealed class AccessTokenCache(TimeProvider time)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly object _gate = new();
    private Issued? _current;

    /// <summary>The token for <paramref name="secret"/>; <paramref name="renew"/> fetches a new one whatever is kept.</summary>
    /// <param name="secret">The secret the token is issued for.</param>
    /// <param name="renew">True after the platform refused the kept token.</param>
    /// <param name="fetch">Asks the platform: the token and its lifetime.</param>
    /// <param name="cancellationToken">Stops waiting (the fetch itself goes on for the others).</param>
    public async Task<string> GetAsync(string secret, bool renew, Func<Task<(string Token, TimeSpan Lifetime)>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        Task<(string Token, DateTimeOffset RenewAt)> issued;
        lock (_gate)
        {
            if (renew || _current is not { } current || current.Secret != secret || Stale(current.Fetch))
            {
                _current = new Issued(secret, FetchAsync(fetch));
            }

            issued = _current.Fetch;
        }

        return (await issued.WaitAsync(cancellationToken)).Token;
    }

    private bool Stale(Task<(string Token, DateTimeOffset RenewAt)> fetch) =>
        fetch.IsCompleted && (!fetch.IsCompletedSuccessfully || time.GetUtcNow() >= fetch.Result.RenewAt);

    private async Task<(string Token, DateTimeOffset RenewAt)> FetchAsync(Func<Task<(string Token, TimeSpan Lifetime)>> fetch)
    {
        var (token, lifetime) = await fetch();
        return (token, time.GetUtcNow() + lifetime - RenewBefore);
    }

    private sealed record Issued(string Secret, Task<(string Token, DateTimeOffset RenewAt)> Fetch);
}
