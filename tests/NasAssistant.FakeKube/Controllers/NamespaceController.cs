using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Selectors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Stands in for kube-controller-manager's namespace controller (pkg/controller/namespace/deletion/
/// namespaced_resources_deleter.go): a terminating namespace has all its content deleted (each object
/// honouring its finalizers), conditions saying what still remains, and once nothing does, the
/// <c>kubernetes</c> finalizer removed from <c>spec.finalizers</c>, which lets the namespace go.
/// </summary>
/// <remarks>
/// The real controller looks again after an estimate (about 8 s when finalizers remain); this one looks
/// again whenever content of a terminating namespace is deleted or marked for deletion.
/// </remarks>
internal sealed class NamespaceController : IAsyncDisposable
{
    private readonly ResourceStore _store;
    private readonly TimeProvider _time;
    private readonly ControllerLoop _loop;

    public NamespaceController(ResourceStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _loop = new ControllerLoop("namespace", store, _ => true, HandleAsync, logger);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private Task HandleAsync(WatchEvent change, CancellationToken cancellation)
    {
        if (NamespaceStrategy.Is(change.Resource))
        {
            if (change.Type != WatchEvent.Deleted)
            {
                Delete(Meta.Name(change.Object));
            }
        }
        else if (change.Resource.Namespaced && (change.Type == WatchEvent.Deleted || Meta.IsDeleting(change.Object)))
        {
            Delete(Meta.Namespace(change.Object));
        }

        return Task.CompletedTask;
    }

    // namespacedResourcesDeleter.Delete
    private void Delete(string name)
    {
        var namespaces = _store.Registry.All.Single(NamespaceStrategy.Is);
        if (_store.TryGet(namespaces, null, name) is not { } ns || !Meta.IsDeleting(ns))
        {
            return;
        }

        if (!NamespaceStrategy.IsTerminating(ns))
        {
            Write(namespaces, name, n => NamespaceStrategy.SetPhase(n, NamespaceStrategy.Terminating), UpdateMode.Status);
        }

        if (NamespaceStrategy.Finalizers(ns).Count == 0)
        {
            return;
        }

        var (byResource, byFinalizer) = DeleteAllContent(name);
        var now = Meta.Timestamp(_time.GetUtcNow());
        Write(namespaces, name, n => NamespaceDeletionConditions.Update(Meta.Section(n, "status"), byResource, byFinalizer, now), UpdateMode.Status);
        if (byResource.Count > 0)
        {
            return;
        }

        // finalizeNamespace: what remains is the set of other finalizers, sorted.
        Write(namespaces, name, n => NamespaceStrategy.SetFinalizers(n,
            NamespaceStrategy.Finalizers(n).Where(f => f != NamespaceStrategy.KubernetesFinalizer).Distinct().Order(StringComparer.Ordinal).ToList()), UpdateMode.Full);
    }

    // deleteAllContent and deleteAllContentForGroupVersionResource: a background deletecollection of every
    // namespaced resource, then what is left and the finalizers that hold it.
    private (Dictionary<string, int> ByResource, Dictionary<string, int> ByFinalizer) DeleteAllContent(string ns)
    {
        var byResource = new Dictionary<string, int>(StringComparer.Ordinal);
        var byFinalizer = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in _store.Registry.All.Where(t => t.Namespaced))
        {
            _store.DeleteCollection(type, ns, LabelSelector.Everything, FieldSelector.Everything, DeleteRequest.WithPolicy(DeleteRequest.Background));
            var remaining = _store.List(type, ns, LabelSelector.Everything, FieldSelector.Everything).Items;
            if (remaining.Count == 0)
            {
                continue;
            }

            byResource[$"{type.Plural}.{type.Group}"] = remaining.Count;
            foreach (var finalizer in remaining.SelectMany(Meta.Finalizers))
            {
                byFinalizer[finalizer] = byFinalizer.GetValueOrDefault(finalizer) + 1;
            }
        }

        return (byResource, byFinalizer);
    }

    private void Write(ResourceType namespaces, string name, Action<JsonObject> change, UpdateMode mode) =>
        _store.Update(namespaces, null, name, n =>
        {
            change(n);
            return n;
        }, mode, WriteOptions.Default);
}
