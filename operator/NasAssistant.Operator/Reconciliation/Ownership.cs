using System.Text.Json.Nodes;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>Decides whether an existing object belongs to an AssistantDeployment.</summary>
internal static class Ownership
{
    public static bool IsOwnedBy(JsonObject obj, AssistantDeployment owner) =>
        ObjectMeta.OwnerReferences(obj).Any(reference => Text(reference, "uid") == owner.Metadata.Uid);

    /// <summary>
    /// An object with no controller that this operator made for an assistant of the same name, such as
    /// a volume kept when an earlier AssistantDeployment was deleted: taking it back restores the
    /// conversations. Anything else of the same name belongs to someone else and is left alone.
    /// </summary>
    public static bool CanAdopt(JsonObject obj, AssistantDeployment owner) =>
        !ObjectMeta.OwnerReferences(obj).Any(reference => reference["controller"] is JsonValue value && value.TryGetValue<bool>(out var controller) && controller)
        && ObjectMeta.Label(obj, Naming.ManagedByLabel) == Naming.ManagedBy
        && ObjectMeta.Label(obj, Naming.InstanceLabel) == owner.Metadata.Name;

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
