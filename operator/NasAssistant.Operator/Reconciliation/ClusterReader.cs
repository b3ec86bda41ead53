using System.Text.Json.Nodes;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Where one reconcile reads the cluster: the informers' caches the controller keeps, and the API server
/// only where a cache cannot answer — a kind no informer keeps, an object a cache does not hold (it holds
/// only what carries the operator's label, so an object of that name may still exist: someone else's, or
/// one created a moment ago whose watch event has not arrived), and a second look after the API server
/// refused a write that was decided on the cached state. What the reconcile writes is recorded in the
/// cache at once, so its next read sees its own write however late the watch event comes.
/// </summary>
internal sealed class ClusterReader(KubeApi api, IInformerCaches? caches)
{
    private readonly Dictionary<KubernetesKind, bool> _installed = [];

    /// <summary>Whether reads of <paramref name="kind"/> come from a cache.</summary>
    public bool IsCached(KubernetesKind kind) => caches?.For(kind) is not null;

    /// <summary>The object of that name, whoever it belongs to; null when it does not exist.</summary>
    public async Task<JsonObject?> ReadAsync(KubernetesKind kind, string ns, string name, CancellationToken cancellationToken) =>
        caches?.For(kind)?.Get(ns, name) ?? await ReadLiveAsync(kind, ns, name, cancellationToken);

    /// <summary>The object as the API server has it now.</summary>
    public Task<JsonObject?> ReadLiveAsync(KubernetesKind kind, string ns, string name, CancellationToken cancellationToken) =>
        ApiErrors.ReadOrNullAsync(() => api.GetAsync(kind.Path(ns, name), cancellationToken));

    /// <summary>
    /// The object of that name if it carries the operator's label — all the operator may ever delete: the
    /// cache's answer where it keeps the kind (absent there is absent), else the API server's.
    /// </summary>
    public async Task<JsonObject?> FindLabelledAsync(KubernetesKind kind, string ns, string name, CancellationToken cancellationToken)
    {
        if (caches?.For(kind) is { } cache)
        {
            return cache.Get(ns, name);
        }

        return await FindLabelledLiveAsync(kind, ns, name, cancellationToken);
    }

    /// <summary>The object of that name if it carries the operator's label, as the API server has it now.</summary>
    public async Task<JsonObject?> FindLabelledLiveAsync(KubernetesKind kind, string ns, string name, CancellationToken cancellationToken)
    {
        var live = await ReadLiveAsync(kind, ns, name, cancellationToken);
        return live is not null && ObjectMeta.Label(live, Naming.ManagedByLabel) == Naming.ManagedBy ? live : null;
    }

    /// <summary>The objects of <paramref name="kind"/> in <paramref name="ns"/> that carry every one of <paramref name="labels"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(
        KubernetesKind kind, string ns, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (caches?.For(kind) is { } cache && cache.Selector.All(label => labels.GetValueOrDefault(label.Key) == label.Value))
        {
            return cache.List(ns, labels);
        }

        var selector = string.Join(",", labels.Select(label => $"{label.Key}={label.Value}"));
        var list = await api.ListAsync(kind.Path(ns), new ListOptions { LabelSelector = selector }, cancellationToken);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>Whether an add-on kind's CRD is installed: as the controller last found, else asked once per reconcile.</summary>
    public async Task<bool> IsInstalledAsync(KubernetesKind kind, CancellationToken cancellationToken)
    {
        if (caches?.IsInstalled(kind) is { } known)
        {
            return known;
        }

        if (!_installed.TryGetValue(kind, out var installed))
        {
            var crd = await ApiErrors.ReadOrNullAsync(() => api.GetAsync(KubernetesKind.Crd(kind.CrdName!), cancellationToken));
            installed = crd is not null;
            _installed[kind] = installed;
        }

        return installed;
    }

    /// <summary>Records an object as the API server has just answered with it (a write's result, or a second look).</summary>
    public void Record(KubernetesKind kind, JsonObject current) => caches?.For(kind)?.Remember(current);

    /// <summary>Records that an object was deleted.</summary>
    public void Deleted(KubernetesKind kind, string ns, string name) => caches?.For(kind)?.Forget(ns, name);
}
