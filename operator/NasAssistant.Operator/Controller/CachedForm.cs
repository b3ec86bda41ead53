using System.Text.Json.Nodes;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// What an <see cref="ObjectCache"/> keeps of an object: what the operator reads. managedFields go (often
/// the largest part of an object, and never read: the operator compares fields, not their managers), and
/// of a pod only its metadata and status stay (the operator reads what the kubelet and scheduler report,
/// never the pod's spec), as client-go's informer transforms trim what a controller does not need.
/// </summary>
internal static class CachedForm
{
    /// <summary>Trims <paramref name="obj"/> in place (the cache owns it from now on) and returns it.</summary>
    public static JsonObject Of(KubernetesKind kind, JsonObject obj)
    {
        (obj["metadata"] as JsonObject)?.Remove("managedFields");
        if (kind == KubernetesKind.Pod)
        {
            obj.Remove("spec");
        }

        return obj;
    }
}
