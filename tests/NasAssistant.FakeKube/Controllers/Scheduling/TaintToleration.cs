using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// The TaintToleration filter (pkg/scheduler/framework/plugins/tainttoleration) and the NodeUnschedulable
/// one, which treats a cordoned node as carrying the <c>node.kubernetes.io/unschedulable</c> taint.
/// </summary>
internal static class TaintToleration
{
    // Kubernetes 1.35 names no taint here: taint keys and values may be sensitive.
    public const string Untolerated = "node(s) had untolerated taint(s)";
    public const string Unschedulable = "node(s) were unschedulable";

    private const string UnschedulableTaintKey = "node.kubernetes.io/unschedulable";

    /// <summary>NodeUnschedulable.Filter (plugins/nodeunschedulable).</summary>
    public static NodeRejection? FilterUnschedulable(JsonObject podSpec, NodeView node)
    {
        var taint = new JsonObject { ["key"] = UnschedulableTaintKey, ["effect"] = "NoSchedule" };
        return node.Unschedulable && !Tolerates(podSpec, taint) ? new NodeRejection(Unschedulable) : null;
    }

    /// <summary>TaintToleration.Filter: a NoSchedule or NoExecute taint the pod does not tolerate rules the node out.</summary>
    public static NodeRejection? Filter(JsonObject podSpec, NodeView node) =>
        node.Taints.Any(t => JsonRead.OptionalText(t["effect"]) is "NoSchedule" or "NoExecute" && !Tolerates(podSpec, t))
            ? new NodeRejection(Untolerated)
            : null;

    public static bool Tolerates(JsonObject podSpec, JsonObject taint) =>
        JsonRead.Objects(podSpec["tolerations"]).Any(t => ToleratesTaint(t, taint));

    /// <summary>
    /// Toleration.ToleratesTaint (k8s.io/api/core/v1): an empty effect or key matches any; Exists ignores
    /// the value, Equal (or no operator) compares it.
    /// </summary>
    public static bool ToleratesTaint(JsonObject toleration, JsonObject taint)
    {
        var effect = JsonRead.OptionalText(toleration["effect"]) ?? string.Empty;
        if (effect.Length > 0 && effect != JsonRead.OptionalText(taint["effect"]))
        {
            return false;
        }

        var key = JsonRead.OptionalText(toleration["key"]) ?? string.Empty;
        if (key.Length > 0 && key != JsonRead.OptionalText(taint["key"]))
        {
            return false;
        }

        return (JsonRead.OptionalText(toleration["operator"]) ?? string.Empty) switch
        {
            "" or "Equal" => (JsonRead.OptionalText(toleration["value"]) ?? string.Empty) == (JsonRead.OptionalText(taint["value"]) ?? string.Empty),
            "Exists" => true,
            _ => false,
        };
    }
}
