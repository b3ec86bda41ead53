using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using NasAssistant.Runtime.Errors;

namespace NasAssistant.Runtime.Api.Http;

/// <summary>
/// The one place where a failed request becomes its HTTP answer, in the shape of the request's API
/// (see <see cref="ApiErrors"/>). An <see cref="ApiException"/> carries its own status, code and Retry-After; an
/// oversize or malformed request keeps Kestrel's 4xx; anything else is logged here and answered 500 without internals.
/// A request whose client went away, or whose answer has begun, never reaches it: the exception handler middleware
/// drops the first and aborts the second.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The middleware's options for this handler.</summary>
    public static ExceptionHandlerOptions Options => new()
    {
        // Not-found answers (an unknown model, another identity's conversation) are answers like any other.
        AllowStatusCode404Response = true,

        // The middleware insists on a fallback when no problem-details service is registered; this handler
        // answers every exception, so it is never reached.
        ExceptionHandler = static _ => Task.CompletedTask,
    };

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var error = Describe(exception, httpContext);
        if (error is null)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
            error = new ApiError(StatusCodes.Status500InternalServerError, "internal server error", "internal_error");
        }

        await ApiErrors.Result(httpContext, error).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The answer to <paramref name="exception"/>; null for a failure the caller is not told about.</summary>
    internal static ApiError? Describe(Exception exception, HttpContext context) => exception switch
    {
        ApiException e => e.ToApiError(),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ApiError(
            StatusCodes.Status413PayloadTooLarge,
            $"request body is larger than the limit of {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes",
            "request_too_large"),
        BadHttpRequestException e => new ApiError(e.StatusCode, e.Message, "bad_request"),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
