namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// The pods of a Deployment that share one <c>pod-template-hash</c>: what a ReplicaSet owns on a real
/// cluster. <see cref="Replicas"/> plays the ReplicaSet's spec.replicas, which the rollout changes;
/// the counts are what the ReplicaSet controller reports in its status (calculateStatus,
/// pkg/controller/replicaset/replica_set_utils.go). ReplicaSets are not stored as objects here.
/// </summary>
internal sealed class ReplicaSetView
{
    public ReplicaSetView(string name, string hash, IReadOnlyList<PodView> pods, bool exists, long minReadySeconds, DateTimeOffset now)
    {
        Name = name;
        Hash = hash;
        Pods = pods;
        Exists = exists;
        ActivePods = pods.Where(p => p.IsActive).ToList();
        Replicas = ActivePods.Count;
        ReadyReplicas = ActivePods.Count(p => p.IsReady);
        AvailableReplicas = ActivePods.Count(p => p.IsAvailable(minReadySeconds, now));
        Created = pods.Count > 0 ? pods.Min(p => p.Created) : now;
    }

    /// <summary><c>&lt;deployment&gt;-&lt;hash&gt;</c>, as getNewReplicaSet names it.</summary>
    public string Name { get; }

    public string Hash { get; }

    /// <summary>Every pod of this template, terminating ones included.</summary>
    public IReadOnlyList<PodView> Pods { get; }

    /// <summary>The pods that count as replicas (FilterActivePods, pkg/controller/controller_utils.go).</summary>
    public IReadOnlyList<PodView> ActivePods { get; }

    /// <summary>Whether the ReplicaSet exists (false: the rollout has not created it yet).</summary>
    public bool Exists { get; private set; }

    /// <summary>Whether this sync created it.</summary>
    public bool CreatedNow { get; private set; }

    /// <summary>The desired count (spec.replicas); starts at the number of active pods.</summary>
    public int Replicas { get; set; }

    /// <summary>status.replicas.</summary>
    public int ActualReplicas => ActivePods.Count;

    public int ReadyReplicas { get; }

    public int AvailableReplicas { get; }

    public DateTimeOffset Created { get; }

    /// <summary>oldPodsRunning (pkg/controller/deployment/recreate.go): a pod that has not finished, terminating or not.</summary>
    public bool HasRunningPods => Pods.Any(p => p.Phase is not ("Succeeded" or "Failed"));

    public void Create()
    {
        Exists = true;
        CreatedNow = true;
    }
}
