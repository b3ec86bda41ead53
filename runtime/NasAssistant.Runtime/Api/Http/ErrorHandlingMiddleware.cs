namespace NasAssistant.Runtime.Api.Http;

/// <summary>
/// Turns failures into short JSON errors: oversize or malformed requests keep their 4xx status,
/// anything else is logged here and answered 500 without internals.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var message = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"request body is larger than the limit of {context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes"
                : e.Message;
            await ApiErrors.WriteAsync(context, e.StatusCode, message, e.StatusCode == 413 ? "request_too_large" : "bad_request");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e)
        {
            LogUnhandled(e, context.Request.Method, context.Request.Path);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal server error", "internal_error");
            }
            else
            {
                context.Abort();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
