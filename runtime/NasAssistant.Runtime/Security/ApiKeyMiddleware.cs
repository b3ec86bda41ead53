using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Security;

/// <summary>Requires <c>Authorization: Bearer KEY</c> on the API (added only when a key file is configured); probes are exempt.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Checks the key, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (IsProbe(context.Request.Path))
        {
            return next(context);
        }

        string? header = context.Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, "missing API key: send Authorization: Bearer <key>", "missing_api_key");
        }

        var presented = header.AsSpan(BearerPrefix.Length).Trim();
        return presented.Length > 0 && keys.IsValid(presented)
            ? next(context)
            : Refuse(context, "invalid API key", "invalid_api_key");
    }

    private static bool IsProbe(PathString path) =>
        path.Equals(RuntimeDefaults.LivePath, StringComparison.Ordinal)
        || path.Equals(RuntimeDefaults.ReadyPath, StringComparison.Ordinal);

    private static Task Refuse(HttpContext context, string message, string code)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, message, code);
    }
}
