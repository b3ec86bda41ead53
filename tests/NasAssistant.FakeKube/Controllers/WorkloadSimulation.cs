using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Controllers.Deployments;
using NasAssistant.FakeKube.Controllers.Nodes;
using NasAssistant.FakeKube.Controllers.Scheduling;
using NasAssistant.FakeKube.Controllers.Volumes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// The cluster machinery behind a Deployment, on one loop: the Deployment and ReplicaSet controllers
/// create and delete pods, the scheduler places them on the fake nodes (with the PV controller and
/// provisioner binding their claims), and the kubelets start them. Each works from the store's change
/// feed, as the real ones work from their informers.
/// </summary>
internal sealed class WorkloadSimulation : IAsyncDisposable
{
    private readonly DelayedWork _later;
    private readonly DeploymentController _deployments;
    private readonly Scheduler _scheduler;
    private readonly VolumeBinder _volumes;
    private readonly Kubelet _kubelet;
    private readonly ControllerLoop _loop;

    public WorkloadSimulation(ResourceStore store, TimeProvider time, PodLifecycle lifecycle, ILogger logger)
    {
        _later = new DelayedWork(time, work => _loop!.Post(work));
        var classes = new StorageClasses(store);
        _volumes = new VolumeBinder(store, classes);
        _deployments = new DeploymentController(store, time, _later);
        _scheduler = new Scheduler(store, time, _volumes, classes);
        _kubelet = new Kubelet(store, time, lifecycle, _later);

        // Last: the loop starts at once, replaying every current object.
        _loop = new ControllerLoop("workloads", store, Observes, HandleAsync, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync();
        _later.Dispose();
    }

    private static bool Observes(ResourceType type) =>
        !type.IsCustom && (type.Group, type.Plural) is ("apps", "deployments") or ("", "pods") or ("", "nodes")
            or ("", "persistentvolumeclaims") or ("storage.k8s.io", "storageclasses");

    private Task HandleAsync(WatchEvent change, CancellationToken cancellation)
    {
        var deleted = change.Type == WatchEvent.Deleted;
        switch (change.Resource.Plural)
        {
            case "deployments" when deleted:
                _deployments.Forget(change.Object);
                break;
            case "deployments":
                _deployments.Sync(Meta.Namespace(change.Object), Meta.Name(change.Object));
                break;
            case "pods":
                OnPod(new PodView(change.Object), deleted);
                break;
            case "persistentvolumeclaims" when !deleted:
                _volumes.Sync(new ClaimView(change.Object));
                _scheduler.RetryUnschedulable();
                break;
            default:
                _scheduler.RetryUnschedulable();
                break;
        }

        return Task.CompletedTask;
    }

    private void OnPod(PodView pod, bool deleted)
    {
        // The ReplicaSet's status changes with its pods, and with it the Deployment's.
        if (pod.DeploymentOwner is { } owner)
        {
            _deployments.Sync(pod.Namespace, owner);
        }

        if (deleted)
        {
            _scheduler.Forget(pod);
            _kubelet.Forget(pod);
        }
        else
        {
            _scheduler.Sync(pod);
            _kubelet.Sync(pod);
        }

        // A pod leaving or joining a node can free a ReadWriteOncePod claim or satisfy an affinity.
        if (deleted || pod.NodeName is not null)
        {
            _scheduler.RetryUnschedulable();
        }
    }
}
