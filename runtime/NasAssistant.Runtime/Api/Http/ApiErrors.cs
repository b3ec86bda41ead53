using NasAssistant.Runtime.Api.KServe;
using NasAssistant.Runtime.Api.OpenAi;
using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Api.Http;

/// <summary>
/// Error answers in the shape each API's clients parse: OpenAI's <c>{"error": {...}}</c> under
/// <c>/v1</c>, KServe v2's <c>{"error": "..."}</c> under <c>/v2</c>. Never a stack trace.
/// </summary>
internal static class ApiErrors
{
    /// <summary>An error result for an endpoint.</summary>
    public static IResult Result(HttpContext context, int status, string message, string code, string? param = null) =>
        Result(context, new ApiError(status, message, code, param));

    /// <summary>The result answering <paramref name="error"/>, with its <c>Retry-After</c> when it has one.</summary>
    public static IResult Result(HttpContext context, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (error.RetryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return IsKServe(context)
            ? Results.Json(new KServeErrorResponse(error.Message), RuntimeJsonContext.Utf8.KServeErrorResponse, statusCode: error.Status)
            : Results.Json(Body(error), RuntimeJsonContext.Utf8.OpenAiErrorResponse, statusCode: error.Status);
    }

    /// <summary>OpenAI's error body, also sent inside a stream after the status line has gone.</summary>
    public static OpenAiErrorResponse Body(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(new OpenAiError(error.Message, OpenAiType(error.Status), error.Param, error.Code));
    }

    /// <summary>Writes an error directly, for middleware.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string code) =>
        Result(context, status, message, code).ExecuteAsync(context);

    private static bool IsKServe(HttpContext context) => context.Request.Path.StartsWithSegments("/v2", StringComparison.Ordinal);

    private static string OpenAiType(int status) => status switch
    {
        401 => "authentication_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
