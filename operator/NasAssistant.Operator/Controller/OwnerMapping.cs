using System.Text.Json.Nodes;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>Which AssistantDeployment an observed object belongs to, i.e. which key its events enqueue.</summary>
internal static class OwnerMapping
{
    /// <summary>The AssistantDeployment's own key.</summary>
    public static ResourceKey OfPrimary(JsonObject assistant) => new(ObjectMeta.Namespace(assistant), ObjectMeta.Name(assistant));

    /// <summary>
    /// The owner of a child: its controller ownerReference of kind AssistantDeployment, or else, for an
    /// object carrying the operator's managed-by label (e.g. one whose ownerReference was edited away) or
    /// an inference pod (its ReplicaSet is its controller), its instance label. Null when the object
    /// belongs to no AssistantDeployment.
    /// </summary>
    public static ResourceKey? OwnerOf(JsonObject child)
    {
        var ns = ObjectMeta.Namespace(child);
        foreach (var owner in ObjectMeta.OwnerReferences(child))
        {
            if (owner["controller"] is JsonValue controller && controller.TryGetValue<bool>(out var isController) && isController
                && Text(owner, "kind") == AssistantDeployment.KindName
                && Text(owner, "apiVersion") is { } apiVersion && apiVersion.StartsWith(AssistantDeployment.Group + "/", StringComparison.Ordinal)
                && Text(owner, "name") is { Length: > 0 } name)
            {
                return new ResourceKey(ns, name);
            }
        }

        var labelled = ObjectMeta.Label(child, Naming.ManagedByLabel) == Naming.ManagedBy
            || Naming.InferencePodLabels.All(label => ObjectMeta.Label(child, label.Key) == label.Value);
        if (labelled && ObjectMeta.Label(child, Naming.InstanceLabel) is { Length: > 0 } instance)
        {
            return new ResourceKey(ns, instance);
        }

        return null;
    }

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
