using Microsoft.AspNetCore.Http;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>The HTTP response to a platform's request: a challenge answered, an event ignored or a request refused.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The body's media type, when there is a body.</param>
/// <param name="Body">The body, or null.</param>
/// <param name="Refusal">Why the request was refused (a bad signature, a stale timestamp), logged and counted; null when it was not.</param>
internal sealed record WebhookResponse(int StatusCode, string? ContentType = null, string? Body = null, string? Refusal = null) : WebhookReceipt
{
    /// <summary>200 with no body: received, nothing to say.</summary>
    public static readonly WebhookResponse Empty = new(StatusCodes.Status200OK);

    /// <summary>200 with a JSON body.</summary>
    public static WebhookResponse Json(string json) => new(StatusCodes.Status200OK, "application/json", json);

    /// <summary>200 with a plain-text body.</summary>
    public static WebhookResponse Text(string text) => new(StatusCodes.Status200OK, "text/plain; charset=utf-8", text);

    /// <summary>401: the request did not prove it came from the platform.</summary>
    public static WebhookResponse Unauthorized(string why) => new(StatusCodes.Status401Unauthorized, Refusal: why);

    /// <summary>400: the request is not what the platform sends.</summary>
    public static WebhookResponse BadRequest(string why) => new(StatusCodes.Status400BadRequest, Refusal: why);

    /// <summary>Writes the response.</summary>
    public async Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCode;
        if (Body is not null)
        {
            response.ContentType = ContentType;
            await response.WriteAsync(Body);
        }
    }
}
