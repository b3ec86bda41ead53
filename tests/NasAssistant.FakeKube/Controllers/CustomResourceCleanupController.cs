using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Selectors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Stands in for apiextensions-apiserver's CRD finalizer (pkg/controller/finalizer/crd_finalizer.go): a
/// deleted CustomResourceDefinition has its instances deleted (each honouring its finalizers), and once
/// none is left, loses the <c>customresourcecleanup.apiextensions.k8s.io</c> finalizer, so it goes and
/// its resource is no longer served.
/// </summary>
/// <remarks>
/// The real finalizer polls every 5 s for a minute while instances remain; this one looks again whenever
/// an instance is deleted or marked for deletion.
/// </remarks>
internal sealed class CustomResourceCleanupController : IAsyncDisposable
{
    private readonly ResourceStore _store;
    private readonly TimeProvider _time;
    private readonly ControllerLoop _loop;

    public CustomResourceCleanupController(ResourceStore store, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _loop = new ControllerLoop("crd-finalizer", store, t => t.IsCustom || CustomResourceDefinitions.IsCrd(t), HandleAsync, logger);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private Task HandleAsync(WatchEvent change, CancellationToken cancellation)
    {
        if (CustomResourceDefinitions.IsCrd(change.Resource))
        {
            if (change.Type != WatchEvent.Deleted)
            {
                Sync(Meta.Name(change.Object));
            }
        }
        else if (change.Type == WatchEvent.Deleted || Meta.IsDeleting(change.Object))
        {
            Sync(CustomResourceDefinitions.NameOf(change.Resource));
        }

        return Task.CompletedTask;
    }

    // CRDFinalizer.sync
    private void Sync(string name)
    {
        var crds = _store.Registry.All.Single(CustomResourceDefinitions.IsCrd);
        if (_store.TryGet(crds, null, name) is not { } crd || !Meta.IsDeleting(crd) || !Meta.Finalizers(crd).Contains(CustomResourceDefinitions.CleanupFinalizer))
        {
            return;
        }

        SetTerminating(crds, name, "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", release: false);
        if (!StatusConditions.IsTrue(crd, CustomResourceDefinitions.Established))
        {
            SetTerminating(crds, name, "False", "NeverEstablished", "resource was never established", release: true);
            return;
        }

        if (DeleteInstances(name) > 0)
        {
            return;
        }

        SetTerminating(crds, name, "False", "InstancesDeleted", "instances in the process of being deleted", release: true);
    }

    // deleteInstances: a deletecollection with default options; returns how many are left.
    private int DeleteInstances(string name)
    {
        if (_store.Registry.All.FirstOrDefault(t => t.IsCustom && CustomResourceDefinitions.NameOf(t) == name) is not { } served)
        {
            return 0;
        }

        _store.DeleteCollection(served, null, LabelSelector.Everything, FieldSelector.Everything, DeleteRequest.Default);
        return _store.List(served, null, LabelSelector.Everything, FieldSelector.Everything).Items.Count;
    }

    // The condition and, when done, the finalizer go in one status write, as the real finalizer does.
    private void SetTerminating(ResourceType crds, string name, string value, string reason, string message, bool release)
    {
        var now = Meta.Timestamp(_time.GetUtcNow());
        _store.Update(crds, null, name, crd =>
        {
            StatusConditions.Set(Meta.Section(crd, "status"), CustomResourceDefinitions.Terminating, value, reason, message, now);
            if (release)
            {
                Meta.SetFinalizers(crd, Meta.Finalizers(crd).Where(f => f != CustomResourceDefinitions.CleanupFinalizer).ToList());
            }

            return crd;
        }, UpdateMode.Full, WriteOptions.Default);
    }
}
