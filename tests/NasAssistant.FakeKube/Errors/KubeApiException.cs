using System.Net;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Errors;

/// <summary>
/// An API error the fake server turns into a Kubernetes <c>Status</c> response, e.g. 404 NotFound,
/// 409 Conflict/AlreadyExists or 422 Invalid. Direct store calls throw it too.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>HTTP status code, e.g. 409.</summary>
    public int Code { get; }

    /// <summary>Kubernetes status reason, e.g. <c>Conflict</c>.</summary>
    public string Reason { get; }

    /// <summary>The Status <c>details</c> object (name, group, kind, causes), if any.</summary>
    public JsonObject? Details { get; }

    /// <summary>Value for a Retry-After header (429 responses).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The <c>Status</c> object the real API server sends for this error.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
        };
        if (Reason.Length > 0)
        {
            status["reason"] = Reason;
        }

        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }

    internal static KubeApiException NotFound(string qualifiedResource, string name) =>
        new((int)HttpStatusCode.NotFound, "NotFound", $"{qualifiedResource} \"{name}\" not found", Describe(qualifiedResource, name));

    internal static KubeApiException AlreadyExists(string qualifiedResource, string name) =>
        new((int)HttpStatusCode.Conflict, "AlreadyExists", $"{qualifiedResource} \"{name}\" already exists", Describe(qualifiedResource, name));

    internal static KubeApiException Conflict(string qualifiedResource, string name, string why) =>
        new((int)HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {qualifiedResource} \"{name}\": {why}", Describe(qualifiedResource, name));

    internal static KubeApiException StaleObject(string qualifiedResource, string name) =>
        Conflict(qualifiedResource, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>403 in the form of apierrors.NewForbidden: <c>resource "name" is forbidden: why</c>.</summary>
    internal static KubeApiException Forbidden(string qualifiedResource, string name, string why, JsonArray? causes = null)
    {
        var details = Describe(qualifiedResource, name);
        if (causes is not null)
        {
            details["causes"] = causes;
        }

        return new((int)HttpStatusCode.Forbidden, "Forbidden", $"{qualifiedResource} \"{name}\" is forbidden: {why}", details);
    }

    internal static KubeApiException BadRequest(string message) =>
        new((int)HttpStatusCode.BadRequest, "BadRequest", message);

    internal static KubeApiException MethodNotAllowed(string message) =>
        new((int)HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", message);

    internal static KubeApiException UnsupportedMediaType(IEnumerable<string> accepted) =>
        new((int)HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    /// <summary>An error the real server did not turn into a Status: 500 with no reason (ErrorToAPIStatus).</summary>
    internal static KubeApiException Unknown(string message) =>
        new((int)HttpStatusCode.InternalServerError, string.Empty, message);

    internal static KubeApiException Expired(string message) =>
        new((int)HttpStatusCode.Gone, "Expired", message);

    /// <summary>
    /// A state newer than the server has (storage.NewTooLargeResourceVersionError): 504 Timeout, retry after a second.
    /// </summary>
    internal static KubeApiException TooLargeResourceVersion(long requested, long current) =>
        new((int)HttpStatusCode.GatewayTimeout, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        })
        {
            RetryAfterSeconds = 1,
        };

    internal static KubeApiException Internal(string message) =>
        new((int)HttpStatusCode.InternalServerError, "InternalError", $"Internal error occurred: {message}");

    internal static KubeApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later",
            new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds })
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    internal static KubeApiException UnprocessablePatch(string message) =>
        new(422, "Invalid", message);

    /// <summary>
    /// 422 Invalid in the real server's form:
    /// <c>Kind.group "name" is invalid: [field: message, ...]</c> with one cause per error.
    /// </summary>
    internal static KubeApiException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        // Like field.ErrorList.ToAggregate, the message lists each distinct error once; causes keep them all.
        var rendered = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        var list = rendered.Count == 1 ? rendered[0] : $"[{string.Join(", ", rendered)}]";
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = error.Reason,
                ["message"] = error.Message,
                ["field"] = error.Field,
            });
        }

        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = group,
            ["kind"] = kind,
            ["causes"] = causes,
        };
        return new KubeApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {list}", details);
    }

    private static JsonObject Describe(string qualifiedResource, string name)
    {
        var dot = qualifiedResource.IndexOf('.', StringComparison.Ordinal);
        return new JsonObject
        {
            ["name"] = name,
            ["group"] = dot < 0 ? string.Empty : qualifiedResource[(dot + 1)..],
            ["kind"] = dot < 0 ? qualifiedResource : qualifiedResource[..dot],
        };
    }
}
