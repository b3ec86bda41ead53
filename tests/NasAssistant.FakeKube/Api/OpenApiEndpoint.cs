using System.Text;
using Microsoft.AspNetCore.Http;
using NasAssistant.FakeKube.OpenApi;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// Serves <c>/openapi/v2</c> (JSON or the gnostic protocol buffer, by Accept header) and
/// <c>/openapi/v3</c> with its per-group-version documents, as k8s.io/kube-openapi's handler and
/// handler3 do; an Accept header naming nothing the fake offers gets 406 Not Acceptable.
/// </summary>
internal static class OpenApiEndpoint
{
    public const string V2ProtobufRequest = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    public const string V2ProtobufResponse = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private const string Json = "application/json";

    public static bool Handles(string path) => path is "/openapi/v2" or "/openapi/v3" || path.StartsWith("/openapi/v3/", StringComparison.Ordinal);

    public static async Task<int> ServeAsync(HttpContext http, ResourceRegistry registry)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        var model = OpenApiModel.Of(registry);
        http.Response.Headers.Vary = "Accept";
        if (path == "/openapi/v2")
        {
            var mediaType = AcceptHeader.Negotiate(http.Request.Headers.Accept.ToString(), [Json, V2ProtobufRequest]);
            if (mediaType is null)
            {
                return NotAcceptable(http);
            }

            var document = OpenApiV2.Document(model);
            return mediaType == Json
                ? await WriteAsync(http, Json, Encoding.UTF8.GetBytes(document.ToJsonString()))
                : await WriteAsync(http, V2ProtobufResponse, SwaggerProtobuf.Encode(document));
        }

        if (path == "/openapi/v3")
        {
            return await WriteAsync(http, Json, Encoding.UTF8.GetBytes(OpenApiV3.Index(model).ToJsonString()));
        }

        var groupVersion = OpenApiV3.Document(model, path["/openapi/v3/".Length..]);
        if (groupVersion is null)
        {
            http.Response.StatusCode = 404;
            return 404;
        }

        if (AcceptHeader.Negotiate(http.Request.Headers.Accept.ToString(), [Json]) is null)
        {
            return NotAcceptable(http);
        }

        http.Response.Headers.CacheControl = http.Request.Query.ContainsKey("hash") ? "public, immutable" : "no-cache, private";
        http.Response.Headers.ETag = $"\"{OpenApiV3.Hash(groupVersion)}\"";
        return await WriteAsync(http, Json, Encoding.UTF8.GetBytes(groupVersion.ToJsonString()));
    }

    private static int NotAcceptable(HttpContext http)
    {
        http.Response.StatusCode = 406;
        return 406;
    }

    private static async Task<int> WriteAsync(HttpContext http, string contentType, byte[] body)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = contentType;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
        return 200;
    }
}
