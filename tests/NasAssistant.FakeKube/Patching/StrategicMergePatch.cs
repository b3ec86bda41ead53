using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// The server side of a strategic merge patch (<c>StrategicMergeMapPatch</c> with MergeParallelList and
/// IgnoreUnmatchedNulls, staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go): lists merge
/// by the patch merge key the schema declares, and the directives <c>$patch</c> (replace, delete),
/// <c>$retainKeys</c>, <c>$setElementOrder/…</c> and <c>$deleteFromPrimitiveList/…</c> apply.
/// </summary>
internal static class StrategicMergePatch
{
    public const string DirectiveMarker = "$patch";
    public const string RetainKeysDirective = "$retainKeys";
    public const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
    public const string SetElementOrderPrefix = "$setElementOrder";

    public static JsonObject Apply(JsonObject original, JsonObject patch, SchemaView schema) =>
        MergeMap((JsonObject)original.DeepClone(), (JsonObject)patch.DeepClone(), schema);

    // mergeMap
    public static JsonObject MergeMap(JsonObject original, JsonObject patch, SchemaView? schema)
    {
        if (patch.TryGetPropertyValue(DirectiveMarker, out var directive))
        {
            return DirectiveInMap(directive, patch);
        }

        ApplyRetainKeys(original, patch);
        StrategicListMerge.MergeSetElementOrder(original, patch, schema);

        foreach (var (patchKey, patchValue) in patch.ToList())
        {
            var key = patchKey;
            var isDeleteList = false;
            if (patchKey.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                key = ExtractKey(patchKey, DeleteFromPrimitiveListPrefix);
                isDeleteList = true;
            }

            if (patchValue is null)
            {
                // A null deletes the key; IgnoreUnmatchedNulls: nothing else to do.
                original.Remove(key);
                continue;
            }

            if (!original.TryGetPropertyValue(key, out var originalValue))
            {
                if (!isDeleteList)
                {
                    SetOrRemove(original, key, RemoveDirectives(DiscardNulls(patchValue.DeepClone())));
                }

                continue;
            }

            if (Kind(originalValue) != Kind(patchValue))
            {
                if (!isDeleteList)
                {
                    SetOrRemove(original, key, RemoveDirectives(DiscardNulls(patchValue.DeepClone())));
                }

                continue;
            }

            var meta = PatchMeta.Of(schema, key);
            switch (originalValue)
            {
                case JsonObject originalMap:
                    original[key] = meta.Strategy == "replace"
                        ? patchValue.DeepClone()
                        : MergeMap((JsonObject)originalMap.DeepClone(), (JsonObject)patchValue.DeepClone(), meta.Schema);
                    break;
                case JsonArray originalList:
                    original[key] = meta.Strategy == "merge"
                        ? StrategicListMerge.MergeSlice((JsonArray)originalList.DeepClone(), (JsonArray)patchValue.DeepClone(), meta.Element, meta.MergeKey, isDeleteList)
                        : patchValue.DeepClone();
                    break;
                default:
                    SetOrRemove(original, key, RemoveDirectives(patchValue.DeepClone()));
                    break;
            }
        }

        return original;
    }

    /// <summary>removeDirectives: a map carrying <c>$patch</c> is dropped, elsewhere directives are stripped.</summary>
    public static (bool Keep, JsonNode? Value) RemoveDirectives(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey(DirectiveMarker))
                {
                    return (false, null);
                }

                foreach (var (key, value) in obj.ToList())
                {
                    var (keep, cleaned) = RemoveDirectives(value);
                    if (keep)
                    {
                        obj[key] = cleaned;
                    }
                    else
                    {
                        obj.Remove(key);
                    }
                }

                return (true, obj);
            case JsonArray array:
                var result = new JsonArray();
                foreach (var item in array.ToList())
                {
                    var (keep, cleaned) = RemoveDirectives(item);
                    if (keep)
                    {
                        result.Add(cleaned?.DeepClone());
                    }
                }

                return (true, result);
            default:
                return (true, node);
        }
    }

    /// <summary>The value kinds Go's reflect.TypeOf tells apart in decoded JSON.</summary>
    public static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "map",
        JsonArray => "slice",
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
            _ => value.ToJsonString().IndexOfAny(['.', 'e', 'E']) >= 0 ? "float64" : "int64",
        },
        _ => "unknown",
    };

    /// <summary>extractKey: <c>$setElementOrder/containers</c> → <c>containers</c>.</summary>
    public static string ExtractKey(string key, string prefix)
    {
        var parts = key.Split('/', 2);
        if (parts.Length <= 1 || parts[0] != prefix)
        {
            throw prefix == DeleteFromPrimitiveListPrefix
                ? KubeApiException.BadRequest("invalid patch format of primitive list")
                : KubeApiException.BadRequest("invalid patch format of setElementOrder list");
        }

        return parts[1];
    }

    // handleDirectiveInMergeMap: replace keeps the patch as is, delete empties the map, anything else is an error.
    private static JsonObject DirectiveInMap(JsonNode? directive, JsonObject patch)
    {
        var value = directive is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
        switch (value)
        {
            case "replace":
                patch.Remove(DirectiveMarker);
                return patch;
            case "delete":
                return new JsonObject();
            default:
                throw KubeApiException.Unknown($"unknown patch type: {directive?.ToJsonString()} in map: {patch.ToJsonString()}");
        }
    }

    // applyRetainKeysDirective: keys of the original missing from $retainKeys are cleared.
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retain))
        {
            return;
        }

        patch.Remove(RetainKeysDirective);
        if (retain is not JsonArray retainList)
        {
            throw KubeApiException.BadRequest("invalid patch format of retainKeys");
        }

        var keys = retainList.Select(k => k?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal) || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!keys.Contains(JsonValue.Create(key).ToJsonString()))
            {
                throw KubeApiException.BadRequest("invalid patch format of retainKeys");
            }
        }

        foreach (var key in original.Select(p => p.Key).ToList())
        {
            if (!keys.Contains(JsonValue.Create(key).ToJsonString()))
            {
                original.Remove(key);
            }
        }
    }

    // discardNullValuesFromPatch
    private static JsonNode? DiscardNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is null)
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        DiscardNulls(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DiscardNulls(item);
                }

                break;
        }

        return node;
    }

    private static void SetOrRemove(JsonObject obj, string key, (bool Keep, JsonNode? Value) result)
    {
        if (result.Keep)
        {
            obj[key] = result.Value;
        }
        else
        {
            obj.Remove(key);
        }
    }
}
