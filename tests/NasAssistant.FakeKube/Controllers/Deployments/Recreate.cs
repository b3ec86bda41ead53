namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// rolloutRecreate (pkg/controller/deployment/recreate.go): every old pod is gone before the new
/// ReplicaSet is created and scaled up.
/// </summary>
internal static class Recreate
{
    public static void Plan(DeploymentView deployment, ReplicaSetView newSet, IReadOnlyList<ReplicaSetView> oldSets)
    {
        // scaleDownOldReplicaSetsForRecreate
        var active = oldSets.Where(s => s.Replicas > 0).ToList();
        foreach (var set in active)
        {
            set.Replicas = 0;
        }

        if (active.Count > 0 || oldSets.Any(s => s.HasRunningPods))
        {
            return;
        }

        if (!newSet.Exists)
        {
            newSet.Create();
        }

        // scaleUpNewReplicaSetForRecreate
        newSet.Replicas = deployment.Replicas;
    }
}
