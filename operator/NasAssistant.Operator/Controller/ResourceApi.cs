using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>List and watch any kind as raw JSON, in one namespace or all.</summary>
internal sealed class ResourceApi
{
    private readonly KubeApi _api;
    private readonly string? _namespace;

    public ResourceApi(KubeApi api, string? ns)
    {
        _api = api;
        _namespace = ns;
    }

    public async Task<ResourceList> ListAsync(KubernetesKind kind, string? labelSelector, int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? version = null;
        string? continueToken = null;
        do
        {
            var page = await _api.ListAsync(
                kind.Path(_namespace), new ListOptions { LabelSelector = labelSelector, Limit = pageSize, Continue = continueToken }, cancellationToken);

            // Later pages are served from the first page's snapshot, so its version is the one to watch from.
            version ??= page["metadata"]?["resourceVersion"]?.GetValue<string>() ?? string.Empty;
            continueToken = page["metadata"]?["continue"]?.GetValue<string>();
            if (page["items"] is JsonArray array)
            {
                // Taken out of the page rather than copied: the page is this call's own and goes with it.
                var pageItems = array.OfType<JsonObject>().ToList();
                array.Clear();
                foreach (var item in pageItems)
                {
                    // List items carry no apiVersion/kind; watch events do. Keep cached objects alike.
                    item["apiVersion"] = kind.ApiVersion;
                    item["kind"] = kind.Kind;
                    items.Add(item);
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
    public IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(
        KubernetesKind kind, string resourceVersion, string? labelSelector, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        _api.WatchAsync(
            kind.Path(_namespace),
            new ListOptions { LabelSelector = labelSelector, ResourceVersion = resourceVersion, TimeoutSeconds = timeoutSeconds },
            onError,
            cancellationToken);

    /// <summary>Whether the named CRD is installed (404 means no; other errors propagate).</summary>
    public async Task<bool> CrdExistsAsync(string crdName, CancellationToken cancellationToken)
    {
        try
        {
            await _api.GetAsync(KubernetesKind.Crd(crdName), cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
