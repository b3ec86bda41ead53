using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Api;

/// <summary>The autoscaling/v1 <c>Scale</c> view of a resource with a scale subresource.</summary>
internal static class ScaleSubresource
{
    public static JsonObject From(ResourceType type, JsonObject obj)
    {
        var scale = type.Scale!;
        var meta = new JsonObject
        {
            ["name"] = Meta.Name(obj),
            ["uid"] = Meta.Uid(obj),
            ["resourceVersion"] = Meta.String(obj, "resourceVersion"),
            ["creationTimestamp"] = Meta.String(obj, "creationTimestamp"),
        };
        if (type.Namespaced)
        {
            meta["namespace"] = Meta.Namespace(obj);
        }

        var selector = scale.SelectorFromObject?.Invoke(obj)
            ?? (scale.LabelSelectorPath is { } path ? ScaleSpec.Read(obj, path)?.GetValue<string>() : null);
        var status = new JsonObject { ["replicas"] = Replicas(ScaleSpec.Read(obj, scale.StatusReplicasPath)) };
        if (selector is not null)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = meta,
            ["spec"] = new JsonObject { ["replicas"] = Replicas(ScaleSpec.Read(obj, type.Scale!.SpecReplicasPath)) },
            ["status"] = status,
        };
    }

    /// <summary>Writes a (possibly patched) Scale back into the object: only spec replicas change.</summary>
    public static JsonObject Apply(ResourceType type, JsonObject current, JsonObject scale)
    {
        var replicas = scale["spec"]?["replicas"];
        if (JsonRead.Integer(replicas) is not { } count || count < 0)
        {
            throw KubeApiException.Invalid("Scale", "autoscaling", Meta.Name(current),
                [FieldError.Invalid("spec.replicas", FieldError.Render(replicas), "must be greater than or equal to 0")]);
        }

        var next = (JsonObject)current.DeepClone();
        ScaleSpec.Write(next, type.Scale!.SpecReplicasPath, count);

        // The Scale's resourceVersion is the object's, so a stale Scale conflicts like a stale object.
        var precondition = scale["metadata"]?["resourceVersion"]?.GetValue<string>();
        Meta.Of(next)["resourceVersion"] = string.IsNullOrEmpty(precondition) ? Meta.String(current, "resourceVersion") : precondition;
        return next;
    }

    private static long Replicas(JsonNode? node) => JsonRead.Integer(node) ?? 0L;
}
