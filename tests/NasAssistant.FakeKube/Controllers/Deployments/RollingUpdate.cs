namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// rolloutRolling (pkg/controller/deployment/rolling.go): scale the new ReplicaSet up as far as the surge
/// allows; only when that changes nothing, scale old ones down as far as availability allows.
/// </summary>
internal static class RollingUpdate
{
    public static void Plan(DeploymentView deployment, ReplicaSetView newSet, IReadOnlyList<ReplicaSetView> oldSets)
    {
        var all = oldSets.Append(newSet).ToList();
        if (!newSet.Exists)
        {
            // getNewReplicaSet creates it already scaled to what the surge allows.
            newSet.Create();
            newSet.Replicas = NewReplicaSetReplicas(deployment, all, newSet);
        }

        if (!ReconcileNewReplicaSet(deployment, all, newSet))
        {
            ReconcileOldReplicaSets(deployment, all, oldSets.Where(s => s.Replicas > 0).ToList(), newSet);
        }
    }

    /// <summary>NewRSNewReplicas (pkg/controller/deployment/util/deployment_util.go).</summary>
    public static int NewReplicaSetReplicas(DeploymentView deployment, IReadOnlyList<ReplicaSetView> all, ReplicaSetView newSet)
    {
        var maxTotalPods = deployment.Replicas + RolloutLimits.ScaledValue(deployment.MaxSurge, deployment.Replicas, roundUp: true);
        var currentPodCount = all.Sum(s => s.Replicas);
        if (currentPodCount >= maxTotalPods)
        {
            return newSet.Replicas;
        }

        var scaleUpCount = Math.Min(maxTotalPods - currentPodCount, deployment.Replicas - newSet.Replicas);
        return newSet.Replicas + scaleUpCount;
    }

    // reconcileNewReplicaSet
    private static bool ReconcileNewReplicaSet(DeploymentView deployment, IReadOnlyList<ReplicaSetView> all, ReplicaSetView newSet)
    {
        if (newSet.Replicas == deployment.Replicas)
        {
            return false;
        }

        var target = newSet.Replicas > deployment.Replicas ? deployment.Replicas : NewReplicaSetReplicas(deployment, all, newSet);
        return Scale(newSet, target);
    }

    // reconcileOldReplicaSets: never scale down so far that, counting the new ReplicaSet's unavailable
    // pods, fewer than replicas - maxUnavailable would be left.
    private static void ReconcileOldReplicaSets(DeploymentView deployment, IReadOnlyList<ReplicaSetView> all, IReadOnlyList<ReplicaSetView> oldSets, ReplicaSetView newSet)
    {
        if (oldSets.Sum(s => s.Replicas) == 0)
        {
            return;
        }

        var minAvailable = deployment.Replicas - RolloutLimits.MaxUnavailable(deployment);
        var newSetUnavailable = newSet.Replicas - newSet.AvailableReplicas;
        var maxScaledDown = all.Sum(s => s.Replicas) - minAvailable - newSetUnavailable;
        if (maxScaledDown <= 0)
        {
            return;
        }

        var byAge = oldSets.OrderBy(s => s.Created).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        CleanupUnhealthyReplicas(byAge, maxScaledDown);
        ScaleDownOldReplicaSets(all, byAge, minAvailable);
    }

    // cleanupUnhealthyReplicas: unavailable old pods go first, since removing them costs no availability.
    private static void CleanupUnhealthyReplicas(IReadOnlyList<ReplicaSetView> oldSets, int maxCleanupCount)
    {
        var totalScaledDown = 0;
        foreach (var set in oldSets)
        {
            if (totalScaledDown >= maxCleanupCount)
            {
                break;
            }

            if (set.Replicas == 0 || set.Replicas == set.AvailableReplicas)
            {
                continue;
            }

            var scaledDownCount = Math.Min(maxCleanupCount - totalScaledDown, set.Replicas - set.AvailableReplicas);
            set.Replicas -= scaledDownCount;
            totalScaledDown += scaledDownCount;
        }
    }

    // scaleDownOldReplicaSetsForRollingUpdate: only available pods beyond replicas - maxUnavailable.
    private static void ScaleDownOldReplicaSets(IReadOnlyList<ReplicaSetView> all, IReadOnlyList<ReplicaSetView> oldSets, int minAvailable)
    {
        var availablePodCount = all.Sum(s => s.AvailableReplicas);
        if (availablePodCount <= minAvailable)
        {
            return;
        }

        var totalScaleDownCount = availablePodCount - minAvailable;
        var totalScaledDown = 0;
        foreach (var set in oldSets)
        {
            if (totalScaledDown >= totalScaleDownCount)
            {
                break;
            }

            var scaleDownCount = Math.Min(set.Replicas, totalScaleDownCount - totalScaledDown);
            set.Replicas -= scaleDownCount;
            totalScaledDown += scaleDownCount;
        }
    }

    private static bool Scale(ReplicaSetView set, int replicas)
    {
        var scaled = set.Replicas != replicas;
        set.Replicas = replicas;
        return scaled;
    }
}
