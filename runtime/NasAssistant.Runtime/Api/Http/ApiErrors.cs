using NasAssistant.Runtime.Api.Json;
using NasAssistant.Runtime.Api.KServe;
using NasAssistant.Runtime.Api.OpenAi;
using NasAssistant.Runtime.Batching;
using NasAssistant.Runtime.Models;

namespace NasAssistant.Runtime.Api.Http;

/// <summary>
/// Error answers in the shape each API's clients parse: OpenAI's <c>{"error": {...}}</c> under
/// <c>/v1</c>, KServe v2's <c>{"error": "..."}</c> under <c>/v2</c>. Never a stack trace.
/// </summary>
internal static class ApiErrors
{
    /// <summary>An error result for an endpoint.</summary>
    public static IResult Result(HttpContext context, int status, string message, string? code = null, string? param = null, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return IsKServe(context)
            ? Results.Json(new KServeErrorResponse(message), RuntimeJsonContext.Utf8.KServeErrorResponse, statusCode: status)
            : Results.Json(Body(status, message, code, param), RuntimeJsonContext.Utf8.OpenAiErrorResponse, statusCode: status);
    }

    /// <summary>503 while the model loads or after it failed to, with the reason and a Retry-After.</summary>
    public static IResult NotReady(HttpContext context, ModelHost host) =>
        Result(context, 503, host.NotReadyMessage, "model_not_ready", retryAfter: TimeSpan.FromSeconds(5));

    /// <summary>
    /// The answer when the model's batcher cannot take a request: 429 with its Retry-After when the queue is full,
    /// 503 while the server stops (<see cref="QueueFullException"/> or <see cref="BatcherStoppedException"/>).
    /// </summary>
    public static IResult Busy(HttpContext context, Exception refusal) => refusal is QueueFullException full
        ? Result(context, 429, full.Message, "rate_limit_exceeded", retryAfter: full.RetryAfter)
        : Result(context, 503, refusal.Message, "shutting_down", retryAfter: TimeSpan.FromSeconds(1));

    /// <summary>OpenAI's error body, for errors sent inside a stream after the status line has gone.</summary>
    public static OpenAiErrorResponse Body(int status, string message, string? code = null, string? param = null) =>
        new(new OpenAiError(message, OpenAiType(status), param, code));

    /// <summary>Writes an error directly, for middleware.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string? code = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result(context, status, message, code).ExecuteAsync(context);
    }

    private static bool IsKServe(HttpContext context) => context.Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal);

    private static string OpenAiType(int status) => status switch
    {
        401 => "authentication_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
