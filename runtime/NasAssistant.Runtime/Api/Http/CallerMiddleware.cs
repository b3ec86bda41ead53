using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Security;

namespace NasAssistant.Runtime.Api.Http;

/// <summary>
/// Establishes the <see cref="Caller"/> of every API request. With a key file, <c>Authorization: Bearer KEY</c> is required
/// and names the caller; a gateway key may act for a channel user named in <c>X-Assistant-User</c>, any other key sending
/// that header is refused. Without a key file every request is <see cref="Caller.Anonymous"/>, except one with the
/// gateway's key when only that is configured. Probes are exempt.
/// </summary>
internal sealed class CallerMiddleware(RequestDelegate next, ApiKeyStore? keys)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Establishes the caller, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (IsProbe(context.Request.Path))
        {
            return next(context);
        }

        var actingFor = context.Request.Headers[AssistantHeaders.User];
        if (keys is null)
        {
            return Anonymous(context, actingFor, "a gateway API key, and this server has no API keys configured");
        }

        string? header = context.Request.Headers.Authorization;
        var presented = header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? header.AsSpan(BearerPrefix.Length).Trim()
            : [];
        var key = presented.Length == 0 ? null : keys.Authenticate(presented);
        if (key is null && !keys.RequiresKey)
        {
            // Only the gateway's key is configured: everyone else is the anonymous single user, whatever key a client sends.
            return Anonymous(context, actingFor, "the gateway's API key");
        }

        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(context, "missing API key: send Authorization: Bearer <key>", "missing_api_key");
        }

        if (key is null)
        {
            return Unauthorized(context, "invalid API key", "invalid_api_key");
        }

        if (actingFor.Count == 0)
        {
            context.Features.Set(new Caller(key.Name, key.Role == ApiKeyRole.Admin));
            return next(context);
        }

        if (key.Role != ApiKeyRole.Gateway)
        {
            return Forbid(context, $"{AssistantHeaders.User} is accepted only with a gateway API key");
        }

        if (actingFor.Count > 1 || !IdentityNames.IsChannelUser(actingFor[0]))
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, IdentityNames.ChannelUserRule, "invalid_assistant_user");
        }

        context.Features.Set(new Caller(actingFor[0]!, IsAdmin: false));
        return next(context);
    }

    private Task Anonymous(HttpContext context, Microsoft.Extensions.Primitives.StringValues actingFor, string onlyWith)
    {
        if (actingFor.Count > 0)
        {
            return Forbid(context, $"{AssistantHeaders.User} is accepted only with {onlyWith}");
        }

        context.Features.Set(Caller.Anonymous);
        return next(context);
    }

    private static bool IsProbe(PathString path) =>
        path.Equals(RuntimeDefaults.LivePath, StringComparison.Ordinal)
        || path.Equals(RuntimeDefaults.ReadyPath, StringComparison.Ordinal);

    private static Task Unauthorized(HttpContext context, string message, string code)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, message, code);
    }

    private static Task Forbid(HttpContext context, string message) =>
        ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, message, "assistant_user_not_allowed");
}
