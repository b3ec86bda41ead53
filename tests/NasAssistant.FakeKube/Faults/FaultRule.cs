namespace NasAssistant.FakeKube.Faults;

/// <summary>
/// Fail a share of matching requests with one of <see cref="StatusCodes"/> (500, 503, 409, 429 with
/// Retry-After, or the refusals 400, 403 and 422 in the real server's Status form).
/// </summary>
public sealed record FaultRule
{
    /// <summary>Probability in [0, 1] that a matching request fails.</summary>
    public required double Rate { get; init; }

    /// <summary>Codes to pick from at random: 500 InternalError, 409 Conflict, 429 TooManyRequests, 503 ServiceUnavailable, 400 BadRequest, 403 Forbidden, 422 Invalid.</summary>
    public IReadOnlyList<int> StatusCodes { get; init; } = [500];

    /// <summary>Verbs it applies to (get, list, watch, create, update, patch, delete); empty means all.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = [];

    /// <summary>Plural resource names it applies to; empty means all.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Retry-After seconds sent with 429.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    internal bool Applies(string verb, string? resource) =>
        (Verbs.Count == 0 || Verbs.Contains(verb)) && (Resources.Count == 0 || (resource is not null && Resources.Contains(resource)));
}
