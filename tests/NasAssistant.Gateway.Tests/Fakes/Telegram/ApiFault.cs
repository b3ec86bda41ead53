namespace NasAssistant.Gateway.Tests.Fakes.Telegram;

/// <summary>An error the fake answers the next call of a method with, as the Bot API shapes errors.</summary>
public sealed record ApiFault(int ErrorCode, string Description, int? RetryAfter = null)
{
    /// <summary>429 with <c>parameters.retry_after</c>.</summary>
    public static ApiFault TooManyRequests(int retryAfter) => new(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
}
