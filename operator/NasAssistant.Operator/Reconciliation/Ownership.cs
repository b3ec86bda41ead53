using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>Decides whether an existing object belongs to an AssistantDeployment.</summary>
internal static class Ownership
{
    public static bool IsOwnedBy(V1ObjectMeta metadata, AssistantDeployment owner) =>
        metadata.OwnerReferences?.Any(reference => reference.Uid == owner.Metadata.Uid) ?? false;

    /// <summary>
    /// An object with no controller that this operator made for an assistant of the same name, such as
    /// a volume kept when an earlier AssistantDeployment was deleted: taking it back restores the
    /// conversations. Anything else of the same name belongs to someone else and is left alone.
    /// </summary>
    public static bool CanAdopt(V1ObjectMeta metadata, AssistantDeployment owner) =>
        !(metadata.OwnerReferences?.Any(reference => reference.Controller == true) ?? false)
        && metadata.Labels is { } labels
        && labels.TryGetValue(Naming.ManagedByLabel, out var manager) && manager == Naming.ManagedBy
        && labels.TryGetValue(Naming.InstanceLabel, out var instance) && instance == owner.Metadata.Name;
}
