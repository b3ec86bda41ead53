using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// List and watch any kind as raw JSON through KubernetesClient's custom-object API (which addresses
/// core kinds too, under <c>/api/v1</c>), in one namespace or all.
/// </summary>
internal sealed class ResourceApi
{
    private readonly IKubernetes _client;
    private readonly string? _namespace;

    public ResourceApi(IKubernetes client, string? ns)
    {
        _client = client;
        _namespace = ns;
    }

    public async Task<ResourceList> ListAsync(KubernetesKind kind, string? labelSelector, int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? version = null;
        string? continueToken = null;
        do
        {
            var page = _namespace is null
                ? await _client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(
                    kind.Group, kind.Version, kind.Plural, continueParameter: continueToken, labelSelector: labelSelector, limit: pageSize, cancellationToken: cancellationToken)
                : await _client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(
                    kind.Group, kind.Version, _namespace, kind.Plural, continueParameter: continueToken, labelSelector: labelSelector, limit: pageSize, cancellationToken: cancellationToken);

            // Later pages are served from the first page's snapshot, so its version is the one to watch from.
            version ??= page["metadata"]?["resourceVersion"]?.GetValue<string>() ?? string.Empty;
            continueToken = page["metadata"]?["continue"]?.GetValue<string>();
            if (page["items"] is JsonArray array)
            {
                foreach (var item in array.OfType<JsonObject>())
                {
                    var copy = (JsonObject)item.DeepClone();

                    // List items carry no apiVersion/kind; watch events do. Keep cached objects alike.
                    copy["apiVersion"] = kind.ApiVersion;
                    copy["kind"] = kind.Kind;
                    items.Add(copy);
                }
            }
        }
        while (!string.IsNullOrEmpty(continueToken));

        return new ResourceList(items, version);
    }

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks until the server ends the stream.
    /// ERROR events (e.g. 410 Gone) go to <paramref name="onError"/> as <see cref="KubernetesException"/>.
    /// </summary>
    public async IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(
        KubernetesKind kind,
        string resourceVersion,
        string? labelSelector,
        int timeoutSeconds,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = _namespace is null
            ? _client.CustomObjects.WatchListClusterCustomObjectAsync(
                kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
            : _client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                kind.Group, kind.Version, _namespace, kind.Plural, allowWatchBookmarks: true, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, item) in events.WithCancellation(cancellationToken))
        {
            var obj = item switch
            {
                JsonElement element => JsonObject.Create(element),
                JsonObject node => node,
                _ => null,
            };
            if (obj is not null)
            {
                yield return (type, obj);
            }
        }
    }

    /// <summary>Whether the named CRD is installed (404 means no; other errors propagate).</summary>
    public async Task<bool> CrdExistsAsync(string crdName, CancellationToken cancellationToken)
    {
        try
        {
            await _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crdName, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
