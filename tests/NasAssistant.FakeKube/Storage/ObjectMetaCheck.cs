using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The decode-time type checks of ObjectMeta the real server gets from its Go types: a body whose
/// metadata has the wrong JSON types is a 400, before anything else looks at it.
/// </summary>
internal static class ObjectMetaCheck
{
    private static readonly string[] StringFields = ["name", "namespace", "generateName", "resourceVersion", "uid"];

    public static void Check(JsonObject obj)
    {
        if (obj["metadata"] is null)
        {
            return;
        }

        if (obj["metadata"] is not JsonObject meta)
        {
            throw Mismatch("metadata", "object");
        }

        foreach (var field in StringFields)
        {
            if (meta[field] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                throw Mismatch($"metadata.{field}", "string");
            }
        }

        foreach (var field in new[] { "labels", "annotations" })
        {
            if (meta[field] is { } map && (map is not JsonObject entries || entries.Any(e => e.Value?.GetValueKind() != JsonValueKind.String)))
            {
                throw Mismatch($"metadata.{field}", "map[string]string");
            }
        }

        if (meta["finalizers"] is { } finalizers && (finalizers is not JsonArray items || items.Any(i => i?.GetValueKind() != JsonValueKind.String)))
        {
            throw Mismatch("metadata.finalizers", "[]string");
        }

        if (meta["ownerReferences"] is { } owners && (owners is not JsonArray refs || refs.Any(r => r is not JsonObject o || o["uid"]?.GetValueKind() != JsonValueKind.String)))
        {
            throw Mismatch("metadata.ownerReferences", "[]OwnerReference with a uid");
        }
    }

    private static KubeApiException Mismatch(string field, string expected) =>
        KubeApiException.BadRequest($"the object provided is unrecognized: {field} must be {expected}");
}
