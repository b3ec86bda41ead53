using System.Diagnostics;
using System.Globalization;

namespace NasAssistant.Runtime.Metrics;

/// <summary>Counts and times HTTP requests by route template (not raw path, to keep label values few).</summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next)
{
    /// <summary>Runs the rest of the pipeline and records the outcome.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();

        // Read before the request runs: the exception handler clears the endpoint when it answers an error.
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        RuntimeMetrics.HttpRequestsInFlight.Inc();
        try
        {
            await next(context);
        }
        finally
        {
            RuntimeMetrics.HttpRequestsInFlight.Dec();
            var status = context.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
            var method = context.Request.Method;
            RuntimeMetrics.HttpRequests.WithLabels(route, method, status).Inc();
            RuntimeMetrics.HttpRequestDuration.WithLabels(route, method, status)
                .Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
