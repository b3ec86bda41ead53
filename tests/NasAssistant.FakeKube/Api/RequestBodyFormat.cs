using Microsoft.AspNetCore.Http;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// The Content-Type check for create, update and delete bodies (NegotiateInputSerializer). The fake reads
/// JSON only: a protobuf, YAML or CBOR body is 415 UnsupportedMediaType, never a JSON parse error.
/// </summary>
internal static class RequestBodyFormat
{
    public static void RequireJson(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            // No Content-Type means the server's first media type, JSON.
            return;
        }

        if (!string.Equals(contentType.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new KubeApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json");
        }
    }
}
