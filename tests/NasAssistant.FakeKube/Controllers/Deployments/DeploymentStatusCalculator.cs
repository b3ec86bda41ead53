using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Validation;
using static NasAssistant.FakeKube.Controllers.Deployments.DeploymentConditions;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// A Deployment's status as the Deployment controller computes it from its ReplicaSets:
/// calculateStatus (pkg/controller/deployment/sync.go) for the counts and the Available condition,
/// syncRolloutStatus (pkg/controller/deployment/progress.go) for the Progressing condition.
/// </summary>
internal static class DeploymentStatusCalculator
{
    /// <param name="deployment">The Deployment as read.</param>
    /// <param name="current">Its status, with the condition getNewReplicaSet set when it created or found the new ReplicaSet.</param>
    /// <param name="sets">All its ReplicaSets, replicas as the rollout left them.</param>
    /// <param name="newSet">The ReplicaSet of the current template, if it exists.</param>
    /// <param name="now">The controller's clock.</param>
    public static JsonObject Compute(DeploymentView deployment, JsonObject current, IReadOnlyList<ReplicaSetView> sets, ReplicaSetView? newSet, DateTimeOffset now)
    {
        var status = CalculateStatus(deployment, current, sets, newSet, now);
        SyncRolloutStatus(deployment, current, status, newSet, now);
        return status;
    }

    /// <summary>
    /// requeueStuckDeployment (progress.go): when to look again for a rollout that may run out of time,
    /// or null when it is complete, has already timed out or has no deadline. The real controller
    /// requeues at once when less than a second is left; one second more here keeps a test clock that
    /// does not move from spinning.
    /// </summary>
    public static TimeSpan? ProgressCheckDue(DeploymentView deployment, JsonObject status, DateTimeOffset now)
    {
        var progressing = Get(status, Progressing);
        if (!deployment.HasProgressDeadline || progressing is null || IsComplete(deployment, status) || Reason(progressing) == ProgressDeadlineExceeded)
        {
            return null;
        }

        var lastUpdate = JsonRead.Time(progressing["lastUpdateTime"]) ?? now;
        var after = lastUpdate.AddSeconds(deployment.ProgressDeadlineSeconds!.Value) - now;
        return (after < TimeSpan.Zero ? TimeSpan.Zero : after) + TimeSpan.FromSeconds(1);
    }

    /// <summary>DeploymentComplete (deployment_util.go): every replica updated and available, none old.</summary>
    public static bool IsComplete(DeploymentView deployment, JsonObject status) =>
        Count(status, "updatedReplicas") == deployment.Replicas
        && Count(status, "replicas") == deployment.Replicas
        && Count(status, "availableReplicas") == deployment.Replicas
        && Count(status, "observedGeneration") >= deployment.Generation;

    /// <summary>DeploymentProgressing (deployment_util.go): more updated, ready or available pods, or fewer old ones.</summary>
    public static bool IsProgressing(JsonObject oldStatus, JsonObject newStatus) =>
        Count(newStatus, "updatedReplicas") > Count(oldStatus, "updatedReplicas")
        || Count(newStatus, "replicas") - Count(newStatus, "updatedReplicas") < Count(oldStatus, "replicas") - Count(oldStatus, "updatedReplicas")
        || Count(newStatus, "readyReplicas") > Count(oldStatus, "readyReplicas")
        || Count(newStatus, "availableReplicas") > Count(oldStatus, "availableReplicas");

    /// <summary>
    /// DeploymentTimedOut (deployment_util.go): the Progressing condition was last updated longer than
    /// progressDeadlineSeconds ago, or already says so. A completed rollout never times out.
    /// </summary>
    public static bool HasTimedOut(DeploymentView deployment, JsonObject status, DateTimeOffset now)
    {
        var progressing = Get(status, Progressing);
        if (!deployment.HasProgressDeadline || progressing is null || Reason(progressing) == NewReplicaSetAvailable)
        {
            return false;
        }

        return Reason(progressing) == ProgressDeadlineExceeded
            || (JsonRead.Time(progressing["lastUpdateTime"]) is { } from && from.AddSeconds(deployment.ProgressDeadlineSeconds!.Value) < now);
    }

    private static JsonObject CalculateStatus(DeploymentView deployment, JsonObject current, IReadOnlyList<ReplicaSetView> sets, ReplicaSetView? newSet, DateTimeOffset now)
    {
        var available = sets.Sum(s => s.AvailableReplicas);
        var status = new JsonObject();

        // The counts are omitempty in the API types: zero is left out.
        SetCount(status, "observedGeneration", deployment.Generation);
        SetCount(status, "replicas", sets.Sum(s => s.ActualReplicas));
        SetCount(status, "updatedReplicas", newSet?.ActualReplicas ?? 0);
        SetCount(status, "readyReplicas", sets.Sum(s => s.ReadyReplicas));
        SetCount(status, "availableReplicas", available);
        SetCount(status, "unavailableReplicas", Math.Max(0, sets.Sum(s => s.Replicas) - available));
        foreach (var field in new[] { "conditions", "collisionCount" })
        {
            if (current[field] is { } value)
            {
                status[field] = value.DeepClone();
            }
        }

        Set(status, available >= deployment.Replicas - RolloutLimits.MaxUnavailable(deployment)
            ? New(Available, true, MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : New(Available, false, MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
        return status;
    }

    private static void SyncRolloutStatus(DeploymentView deployment, JsonObject current, JsonObject status, ReplicaSetView? newSet, DateTimeOffset now)
    {
        if (!deployment.HasProgressDeadline)
        {
            Remove(status, Progressing);
            return;
        }

        // A resync of a finished rollout estimates no progress.
        var currentCondition = Get(current, Progressing);
        if (Count(status, "replicas") == Count(status, "updatedReplicas") && Reason(currentCondition) == NewReplicaSetAvailable)
        {
            return;
        }

        var subject = newSet is null ? $"Deployment \"{deployment.Name}\"" : $"ReplicaSet \"{newSet.Name}\"";
        if (IsComplete(deployment, status))
        {
            Set(status, New(Progressing, true, NewReplicaSetAvailable, $"{subject} has successfully progressed.", now));
        }
        else if (IsProgressing(current, status))
        {
            // Progress refreshes lastUpdateTime even with an unchanged reason: that is what the deadline counts from.
            var condition = New(Progressing, true, ReplicaSetUpdated, $"{subject} is progressing.", now);
            if (currentCondition is not null)
            {
                if (DeploymentConditions.IsTrue(currentCondition))
                {
                    condition["lastTransitionTime"] = currentCondition["lastTransitionTime"]?.DeepClone();
                }

                Remove(status, Progressing);
            }

            Set(status, condition);
        }
        else if (HasTimedOut(deployment, status, now))
        {
            Set(status, New(Progressing, false, ProgressDeadlineExceeded, $"{subject} has timed out progressing.", now));
        }
    }

    private static long Count(JsonObject status, string field) => JsonRead.Integer(status[field]) ?? 0;

    private static void SetCount(JsonObject status, string field, long value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }
}
