using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Authentication;
using k8s.Autorest;
using k8s.Exceptions;

namespace NasAssistant.Hosting.Kube;

/// <summary>
/// The Kubernetes API as JSON over HTTP: get, list, watch, create, replace, patch and delete on a <see cref="ResourcePath"/>.
/// KubernetesClient still supplies the connection settings (<see cref="KubernetesClientConfiguration"/>), the credential
/// types and the error type, <see cref="HttpOperationException"/>, so callers handle errors as before. Its
/// typed client is not used: that serializes through contracts for every Kubernetes type, which a Native AOT binary would
/// carry and rehydrate at start (about 20 MB of memory) although the operator uses a few dozen.
/// </summary>
public sealed class KubeApi : IDisposable
{
    private const string JsonMediaType = "application/json";
    private readonly HttpClient _http;
    private readonly ServiceClientCredentials? _credentials;
    private readonly TimeSpan _requestTimeout;

    /// <summary>
    /// Connects as <paramref name="config"/> says: its server, CA, client certificate and token or basic credentials.
    /// <paramref name="userAgent"/> names the writer where a request gives no field manager (the API server records the
    /// User-Agent up to its first slash in managedFields).
    /// </summary>
    public KubeApi(KubernetesClientConfiguration config, string userAgent = "nas-assistant")
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.Host) || !Uri.TryCreate(config.Host, UriKind.Absolute, out var host))
        {
            throw new KubeConfigException($"bad API server URL '{config.Host}'");
        }

        BaseUri = new Uri(host.AbsoluteUri.TrimEnd('/') + "/");
        _http = new HttpClient(KubeHttpHandler.Create(config, BaseUri), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        _credentials = KubeHttpHandler.Credentials(config);
        _requestTimeout = config.HttpClientTimeout;
    }

    /// <summary>The API server's root.</summary>
    public Uri BaseUri { get; }

    /// <summary>The object at <paramref name="path"/>; a 404 throws, as every error status does.</summary>
    public Task<JsonObject> GetAsync(ResourcePath path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, [], null, cancellationToken);

    /// <summary>One page of the collection at <paramref name="path"/>: the List object with its items and metadata.</summary>
    public Task<JsonObject> ListAsync(ResourcePath path, ListOptions options, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, options.Query(), null, cancellationToken);

    /// <summary>Creates the object in the collection at <paramref name="path"/>, recorded under <paramref name="fieldManager"/> when given.</summary>
    public Task<JsonObject> CreateAsync(ResourcePath path, JsonObject body, CancellationToken cancellationToken, string? fieldManager = null) =>
        SendAsync(HttpMethod.Post, path, fieldManager is null ? [] : [("fieldManager", fieldManager)], Json(body), cancellationToken);

    /// <summary>Replaces the object; the body's resourceVersion makes it fail with 409 if the object changed since.</summary>
    public Task<JsonObject> ReplaceAsync(ResourcePath path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, [], Json(body), cancellationToken);

    /// <summary>Patches the object; <paramref name="force"/> applies to server-side apply only.</summary>
    public Task<JsonObject> PatchAsync(
        ResourcePath path, PatchKind kind, string patch, string? fieldManager, bool force, CancellationToken cancellationToken)
    {
        var query = new List<(string, string)>();
        if (fieldManager is not null)
        {
            query.Add(("fieldManager", fieldManager));
        }

        if (force)
        {
            query.Add(("force", "true"));
        }

        var content = new StringContent(patch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(kind.MediaType());
        return SendAsync(HttpMethod.Patch, path, query, content, cancellationToken);
    }

    /// <summary>Deletes the object; the API server's answer (the object, or a Status) is returned.</summary>
    public Task<JsonObject> DeleteAsync(ResourcePath path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, [], null, cancellationToken);

    /// <summary>
    /// Watches the collection at <paramref name="path"/> with bookmarks until the API server ends the stream. An ERROR
    /// event (410 Gone, say) goes to <paramref name="onError"/> as a <see cref="KubernetesException"/> with its Status.
    /// </summary>
    public async IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(
        ResourcePath path, ListOptions options, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = options.Query().Append(("watch", "true")).Append(("allowWatchBookmarks", "true"));
        using var request = Request(HttpMethod.Get, path, query, null);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var watchEvent = JsonNode.Parse(line) as JsonObject;
            var type = watchEvent?["type"]?.GetValue<string>();
            if (watchEvent?["object"] is not JsonObject obj || type is null)
            {
                onError(new KubernetesClientException($"the API server sent a watch line that is not an event: {Shorten(line)}"));
                continue;
            }

            if (type == "ERROR")
            {
                onError(new KubernetesException(obj.Deserialize(HostingJsonContext.Default.V1Status)));
                continue;
            }

            if (!Enum.TryParse<WatchEventType>(type, ignoreCase: true, out var eventType))
            {
                onError(new KubernetesClientException($"the API server sent a watch event of unknown type {type}"));
                continue;
            }

            watchEvent.Remove("object");
            yield return (eventType, obj);
        }
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _http.Dispose();

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, JsonMediaType);

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "..." : text;

    private async Task<JsonObject> SendAsync(
        HttpMethod method, ResourcePath path, IEnumerable<(string, string)> query, HttpContent? content, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        using var request = Request(method, path, query, content);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject
            ?? throw new KubernetesClientException($"the API server answered {method} {path} with JSON that is not an object");
    }

    private HttpRequestMessage Request(HttpMethod method, ResourcePath path, IEnumerable<(string Name, string Value)> query, HttpContent? content)
    {
        var uri = path.ToString();
        var parameters = string.Join("&", query.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
        if (parameters.Length > 0)
        {
            uri += "?" + parameters;
        }

        var request = new HttpRequestMessage(method, new Uri(BaseUri, uri)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        return request;
    }

    // Error statuses throw KubernetesClient's HttpOperationException with the response body (a Status), as its typed client does.
    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (_credentials is not null)
        {
            await _credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        var response = await _http.SendAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var content = await response.Content.ReadAsStringAsync(cancellationToken);
            var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}'")
            {
                Request = new HttpRequestMessageWrapper(request, requestBody),
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }
    }
}
