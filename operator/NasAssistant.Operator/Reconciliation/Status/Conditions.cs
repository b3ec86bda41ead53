using k8s.Models;

namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>Sets conditions the Kubernetes way: lastTransitionTime moves only when the status changes.</summary>
internal static class Conditions
{
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(condition => condition.Type == type);

    public static V1Condition Make(
        IEnumerable<V1Condition>? previous, string type, bool? status, string reason, string message, long generation, DateTime now)
    {
        var text = status switch { true => "True", false => "False", null => "Unknown" };
        var earlier = Find(previous, type);
        return new V1Condition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = earlier is not null && earlier.Status == text ? earlier.LastTransitionTime : now,
        };
    }
}
