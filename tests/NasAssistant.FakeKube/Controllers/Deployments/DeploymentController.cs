using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using static NasAssistant.FakeKube.Controllers.Deployments.DeploymentConditions;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// Stands in for the Deployment and ReplicaSet controllers (syncDeployment, pkg/controller/deployment/
/// deployment_controller.go): groups a Deployment's pods by template hash, rolls them out as its
/// strategy says by creating and deleting pods, and writes the status the real controller would.
/// </summary>
/// <remarks>
/// The status of one sync describes the pods as they were when it started, as the real status does
/// (it reads ReplicaSet status, which lags the scaling): the pods it creates or deletes show up in
/// the next sync, which their watch events trigger.
/// </remarks>
internal sealed class DeploymentController(ResourceStore store, TimeProvider time, DelayedWork later)
{
    // The ReplicaSet a Deployment's rollout created last, by Deployment uid: it exists even while it
    // has no pods (scaled to zero, or waiting for surge room).
    private readonly Dictionary<string, string> _createdSets = new(StringComparer.Ordinal);

    public void Sync(string ns, string name)
    {
        if (store.Get("apps/v1", "Deployment", ns, name) is not { } json)
        {
            later.Cancel(TimerKey(ns, name));
            return;
        }

        var deployment = new DeploymentView(json);
        var now = time.GetUtcNow();
        var hash = PodTemplateHash.Compute(deployment.Template);
        var sets = ReplicaSets(deployment, hash, now);
        var newSet = sets.Single(s => s.Hash == hash);
        var oldSets = sets.Where(s => s != newSet).ToList();
        var current = (JsonObject)deployment.Status.DeepClone();

        // A Deployment being deleted only has its status synced (syncStatusOnly).
        if (!deployment.IsDeleting)
        {
            if (deployment.IsRollingUpdate)
            {
                RollingUpdate.Plan(deployment, newSet, oldSets);
            }
            else
            {
                Recreate.Plan(deployment, newSet, oldSets);
            }

            NoteNewReplicaSet(deployment, newSet, current, now);
            foreach (var set in sets)
            {
                Scale(deployment, set);
            }
        }

        var existing = newSet.Exists ? newSet : null;
        var status = DeploymentStatusCalculator.Compute(deployment, current, sets.Where(s => s.Exists).ToList(), existing, now);
        if (!JsonNode.DeepEquals(status, deployment.Status))
        {
            store.Update("apps/v1", "Deployment", ns, name, d =>
            {
                // A newer generation gets its own sync; this status describes the one read.
                if (Meta.Generation(d) == deployment.Generation)
                {
                    d["status"] = status;
                }
            });
        }

        ScheduleRecheck(deployment, sets, status, now);
    }

    /// <summary>Forgets a deleted Deployment.</summary>
    public void Forget(JsonObject deployment)
    {
        _createdSets.Remove(Meta.Uid(deployment));
        later.Cancel(TimerKey(Meta.Namespace(deployment), Meta.Name(deployment)));
    }

    private List<ReplicaSetView> ReplicaSets(DeploymentView deployment, string newHash, DateTimeOffset now)
    {
        var pods = store.List("v1", "Pod", deployment.Namespace)
            .Select(p => new PodView(p))
            .Where(p => p.DeploymentOwnerUid == deployment.Uid && p.TemplateHash is not null)
            .ToList();
        var sets = pods.GroupBy(p => p.TemplateHash!)
            .Select(g => new ReplicaSetView(PodFactory.ReplicaSetName(deployment, g.Key), g.Key, g.ToList(), exists: true, deployment.MinReadySeconds, now))
            .ToList();
        if (sets.All(s => s.Hash != newHash))
        {
            var created = _createdSets.GetValueOrDefault(deployment.Uid) == newHash;
            sets.Add(new ReplicaSetView(PodFactory.ReplicaSetName(deployment, newHash), newHash, [], created, deployment.MinReadySeconds, now));
        }

        return sets;
    }

    // getNewReplicaSet (sync.go): a created ReplicaSet is reported as NewReplicaSetCreated; an existing
    // one found without any Progressing condition as FoundNewReplicaSet, so progress counts from now.
    private void NoteNewReplicaSet(DeploymentView deployment, ReplicaSetView newSet, JsonObject current, DateTimeOffset now)
    {
        if (newSet.CreatedNow)
        {
            _createdSets[deployment.Uid] = newSet.Hash;
        }

        if (!deployment.HasProgressDeadline || !newSet.Exists)
        {
            return;
        }

        if (newSet.CreatedNow)
        {
            Set(current, New(Progressing, true, NewReplicaSetCreated, $"Created new replica set \"{newSet.Name}\"", now));
        }
        else if (Get(current, Progressing) is null)
        {
            Set(current, New(Progressing, true, FoundNewReplicaSet, $"Found new replica set \"{newSet.Name}\"", now));
        }
    }

    // The ReplicaSet controller's manageReplicas: create or delete pods until spec.replicas are active.
    private void Scale(DeploymentView deployment, ReplicaSetView set)
    {
        var missing = set.Replicas - set.ActualReplicas;
        for (var i = 0; i < missing; i++)
        {
            store.Create(PodFactory.Create(deployment, set.Hash));
        }

        if (missing < 0)
        {
            foreach (var pod in PodDeletionOrder.PickForDeletion(set.ActivePods, -missing))
            {
                store.Delete("v1", "Pod", pod.Namespace, pod.Name);
            }
        }
    }

    // Come back when the progress deadline may pass, or when a ready pod will have been ready for
    // minReadySeconds (the ReplicaSet controller requeues for that).
    private void ScheduleRecheck(DeploymentView deployment, IReadOnlyList<ReplicaSetView> sets, JsonObject status, DateTimeOffset now)
    {
        var progress = DeploymentStatusCalculator.ProgressCheckDue(deployment, status, now);
        var availability = sets.SelectMany(s => s.ActivePods)
            .Where(p => !p.IsAvailable(deployment.MinReadySeconds, now))
            .Select(p => p.ReadySince)
            .OfType<DateTimeOffset>()
            .Select(since => since.AddSeconds(deployment.MinReadySeconds) - now + TimeSpan.FromSeconds(1))
            .DefaultIfEmpty(TimeSpan.MaxValue)
            .Min();
        var due = new[] { progress ?? TimeSpan.MaxValue, availability }.Min();
        var key = TimerKey(deployment.Namespace, deployment.Name);
        if (due == TimeSpan.MaxValue)
        {
            later.Cancel(key);
        }
        else
        {
            later.Schedule(key, due, () => Sync(deployment.Namespace, deployment.Name));
        }
    }

    private static string TimerKey(string ns, string name) => $"deployment/{ns}/{name}";
}
