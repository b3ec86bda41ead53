using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// The configuration the operator server-side applies for a child, marked with a digest of itself. The
/// API server does the merge; the digest lets a resync skip the write when nothing changed. Skipping
/// takes both checks: the digest notices a field the operator stopped setting (the live object keeps it
/// until the next apply removes it), the comparison notices someone else changing a field the operator sets.
/// </summary>
internal static class AppliedConfiguration
{
    public static JsonObject Of(IKubernetesObject<V1ObjectMeta> desired)
    {
        var json = OperatorJson.ToTree(desired);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToJsonString())))[..32];
        var metadata = json["metadata"]!.AsObject();
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        annotations[Naming.AppliedDigestAnnotation] = digest;
        return json;
    }

    /// <summary>Whether the live object already is what applying <paramref name="applied"/> would make it.</summary>
    public static bool IsCurrent(JsonObject live, JsonObject applied) =>
        Digest(live) is { } digest && digest == Digest(applied) && JsonTree.Contains(live, applied);

    private static string? Digest(JsonObject obj) =>
        obj["metadata"]?["annotations"]?[Naming.AppliedDigestAnnotation]?.GetValue<string>();
}
