using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>Recognizes the API server's answers the reconciler handles rather than retries blindly.</summary>
internal static class ApiErrors
{
    public static bool IsNotFound(Exception e) => Status(e) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception e) => Status(e) == HttpStatusCode.Conflict;

    public static bool IsInvalid(Exception e) => Status(e) == HttpStatusCode.UnprocessableEntity;

    /// <summary>
    /// 400, 403 and 422: the API server refuses the object as it is (invalid, forbidden, a change it does
    /// not allow), so sending the same request again cannot succeed until the spec or the cluster changes.
    /// </summary>
    public static bool IsRejection(Exception e) =>
        Status(e) is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity;

    /// <summary>The HTTP status code of an API error.</summary>
    public static int Code(HttpOperationException e) => (int)(e.Response?.StatusCode ?? 0);

    /// <summary>
    /// The API server's own explanation: the Status message, followed by any cause it does not already
    /// spell out (422 messages list them; a cause such as a field manager conflict may not).
    /// </summary>
    public static string Explain(HttpOperationException e)
    {
        JsonObject? status = null;
        try
        {
            status = JsonNode.Parse(e.Response?.Content ?? string.Empty) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status object (a proxy's HTML page, say): fall back to the exception's text.
        }

        var message = status?["message"]?.GetValue<string>() ?? e.Message;
        var causes = (status?["details"]?["causes"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(c => string.Join(": ", new[] { c["field"]?.GetValue<string>(), c["message"]?.GetValue<string>() }.Where(s => !string.IsNullOrEmpty(s))))
            .Where(cause => cause.Length > 0 && !message.Contains(cause, StringComparison.Ordinal))
            .ToList();
        return causes.Count == 0 ? message : $"{message} ({string.Join("; ", causes)})";
    }

    private static HttpStatusCode? Status(Exception e) => (e as HttpOperationException)?.Response?.StatusCode;

    /// <summary>Reads an object, or null when it does not exist.</summary>
    public static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (IsNotFound(e))
        {
            return null;
        }
    }
}
