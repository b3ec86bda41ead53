using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// The list half of a strategic merge patch (strategicpatch/patch.go): <c>mergeSlice</c> with its
/// special elements, parallel deletion lists, <c>$setElementOrder</c> and the order rules
/// (<c>normalizeElementOrder</c>: $setElementOrder, then the patch order, then the live order).
/// </summary>
internal static class StrategicListMerge
{
    // mergePatchIntoOriginal: each $setElementOrder/key merges its list and fixes the order.
    public static void MergeSetElementOrder(JsonObject original, JsonObject patch, SchemaView? schema)
    {
        foreach (var (directiveKey, orderValue) in patch.ToList())
        {
            if (!directiveKey.StartsWith(StrategicMergePatch.SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            patch.Remove(directiveKey);
            if (orderValue is not JsonArray order)
            {
                throw KubeApiException.Unknown($"expected a slice, but received a {StrategicMergePatch.Kind(orderValue)}");
            }

            var key = StrategicMergePatch.ExtractKey(directiveKey, StrategicMergePatch.SetElementOrderPrefix);
            var originalList = original[key] is { } o ? o as JsonArray ?? throw KubeApiException.Unknown($"expected a slice, but received a {StrategicMergePatch.Kind(o)}") : null;
            var patchList = patch[key] is { } p ? p as JsonArray ?? throw KubeApiException.Unknown($"expected a slice, but received a {StrategicMergePatch.Kind(p)}") : null;
            var meta = PatchMeta.Of(schema, key);
            ValidatePatchWithSetOrderList(patchList ?? [], order, meta.MergeKey);

            // The live list as strategicpatch reads it afterwards: the same array, written in place by the merge.
            var live = GoSlice.Of((originalList ?? []).Select(i => i?.DeepClone()));
            List<JsonNode?> merged;
            if (originalList is not null && patchList is null)
            {
                merged = live.ToList();
            }
            else if (originalList is null && patchList is not null)
            {
                merged = [.. ((JsonArray)StrategicMergePatch.RemoveDirectives(patchList.DeepClone()).Value!).Select(i => i?.DeepClone())];
            }
            else if (originalList is not null && patchList is not null)
            {
                merged = meta.Strategy == "merge"
                    ? Merge(live, [.. patchList.Select(i => i?.DeepClone())], meta.Element, meta.MergeKey, false)
                    : [.. patchList.Select(i => i?.DeepClone())];
            }
            else
            {
                continue;
            }

            var (patchItems, serverOnly) = Partition(merged, [.. order], meta.MergeKey);
            var isMap = (originalList ?? patchList)!.Concat(patchList ?? []).FirstOrDefault() is JsonObject;
            original[key] = new JsonArray([.. NormalizeElementOrder(patchItems, serverOnly, [.. order], live.ToList(), meta.MergeKey, isMap).Select(i => i?.DeepClone())]);
            patch.Remove(key);
        }
    }

    // mergeSlice
    public static JsonArray MergeSlice(JsonArray originalArray, JsonArray patchArray, SchemaView? element, string mergeKey, bool isDeleteList) =>
        new([.. Merge(GoSlice.Of(originalArray.Select(i => i?.DeepClone())), [.. patchArray.Select(i => i?.DeepClone())], element, mergeKey, isDeleteList).Select(i => i?.DeepClone())]);

    private static List<JsonNode?> Merge(GoSlice live, List<JsonNode?> patch, SchemaView? element, string mergeKey, bool isDeleteList)
    {
        if (live.Length == 0 && patch.Count == 0)
        {
            return [];
        }

        var isMap = ElementKindIsMap(live.ToList(), patch);
        if (!isMap)
        {
            var current = live.ToList();
            if (isDeleteList)
            {
                return [.. current.Where(o => !patch.Any(d => GoEquals(o, d)))];
            }

            var scalars = DeduplicateScalars([.. current, .. patch]);
            var (patchScalars, serverScalars) = Partition(scalars, patch, string.Empty);
            return NormalizeElementOrder(patchScalars, serverScalars, patch, current, string.Empty, isMap: false);
        }

        if (mergeKey.Length == 0)
        {
            throw KubeApiException.Unknown("cannot merge lists without merge key for type map");
        }

        (live, patch) = WithSpecialElements(live, patch, mergeKey);
        var merged = WithoutSpecialElements(live, patch, mergeKey, element).ToList();
        var (patchItems, serverOnly) = Partition(merged, patch, mergeKey);
        return NormalizeElementOrder(patchItems, serverOnly, patch, live.ToList(), mergeKey, isMap: true);
    }

    // sliceElementType: every element has one kind, and lists of lists are refused.
    private static bool ElementKindIsMap(List<JsonNode?> original, List<JsonNode?> patch)
    {
        string? kind = null;
        foreach (var item in original.Concat(patch))
        {
            var current = StrategicMergePatch.Kind(item);
            if (current == "slice")
            {
                throw KubeApiException.UnprocessablePatch("lists of lists are not supported");
            }

            if (kind is not null && kind != current)
            {
                throw KubeApiException.Unknown($"list element types are not identical: {new JsonArray([.. original.Select(i => i?.DeepClone())]).ToJsonString()}");
            }

            kind = current;
        }

        return kind == "map";
    }

    // mergeSliceWithSpecialElements: {$patch: delete} removes by key (in place), {$patch: replace} replaces the list.
    private static (GoSlice Original, List<JsonNode?> Patch) WithSpecialElements(GoSlice original, List<JsonNode?> patch, string mergeKey)
    {
        var rest = new List<JsonNode?>();
        var replace = false;
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(StrategicMergePatch.DirectiveMarker, out var directive))
            {
                rest.Add(item);
                continue;
            }

            switch (directive is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null)
            {
                case "delete":
                    var value = map[mergeKey] ?? throw NoMergeKey(map, mergeKey);
                    for (var index = FindByKey(original, mergeKey, value); index >= 0; index = FindByKey(original, mergeKey, value))
                    {
                        original = original.RemoveAt(index);
                    }

                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    throw KubeApiException.Unknown("merging lists cannot yet be specified in the patch");
                default:
                    throw KubeApiException.Unknown($"unknown patch type: {directive?.ToJsonString()} in map: {map.ToJsonString()}");
            }
        }

        return replace ? (GoSlice.Of(rest), []) : (original, rest);
    }

    // mergeSliceWithoutSpecialElements: items with the same merge key merge, new ones are appended.
    private static GoSlice WithoutSpecialElements(GoSlice original, List<JsonNode?> patch, string mergeKey, SchemaView? element)
    {
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            var value = map.TryGetPropertyValue(mergeKey, out var v) ? v : throw NoMergeKey(map, mergeKey);
            var index = FindByKey(original, mergeKey, value);
            if (index >= 0)
            {
                original[index] = StrategicMergePatch.MergeMap((JsonObject)original[index]!.DeepClone(), (JsonObject)map.DeepClone(), element);
            }
            else
            {
                original = original.Append(item);
            }
        }

        return original;
    }

    // findMapInSliceBasedOnKeyValue
    private static int FindByKey(GoSlice list, string mergeKey, JsonNode? value)
    {
        for (var i = 0; i < list.Length; i++)
        {
            var map = list[i] as JsonObject ?? throw KubeApiException.Unknown($"value for key {i} is not a map.");
            if (map.TryGetPropertyValue(mergeKey, out var candidate) && GoEquals(candidate, value))
            {
                return i;
            }
        }

        return -1;
    }

    // partitionPrimitivesByPresentInList / partitionMapsByPresentInList
    private static (List<JsonNode?> PatchItems, List<JsonNode?> ServerOnly) Partition(List<JsonNode?> merged, List<JsonNode?> partitionBy, string mergeKey)
    {
        var patchItems = new List<JsonNode?>();
        var serverOnly = new List<JsonNode?>();
        foreach (var item in merged)
        {
            bool inPatch;
            if (mergeKey.Length == 0)
            {
                inPatch = partitionBy.Any(p => GoEquals(p, item));
            }
            else
            {
                var map = item as JsonObject ?? throw KubeApiException.Unknown($"expected a map, but received a {StrategicMergePatch.Kind(item)}");
                var value = map.TryGetPropertyValue(mergeKey, out var v) ? v : throw NoMergeKey(map, mergeKey);
                inPatch = partitionBy.Any(p => p is JsonObject pm && pm.TryGetPropertyValue(mergeKey, out var pv) && GoEquals(pv, value));
            }

            (inPatch ? patchItems : serverOnly).Add(item);
        }

        return (patchItems, serverOnly);
    }

    // normalizeElementOrder: patch items in patch order, server-only items in live order, then interleaved.
    private static List<JsonNode?> NormalizeElementOrder(List<JsonNode?> patch, List<JsonNode?> serverOnly, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder, string mergeKey, bool isMap)
    {
        patch = NormalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
        serverOnly = NormalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);

        // mergeSortedSlice: a server-only item goes before a patch item only when the live order says so.
        var result = new List<JsonNode?>(patch.Count + serverOnly.Count);
        int i = 0, j = 0;
        while (i < serverOnly.Count || j < patch.Count)
        {
            if (i >= serverOnly.Count)
            {
                result.Add(patch[j++]);
            }
            else if (j >= patch.Count)
            {
                result.Add(serverOnly[i++]);
            }
            else
            {
                var li = Index(serverOrder, serverOnly[i], mergeKey, isMap);
                var ri = Index(serverOrder, patch[j], mergeKey, isMap);
                result.Add(li >= 0 && ri >= 0 && li < ri ? serverOnly[i++] : patch[j++]);
            }
        }

        return result;
    }

    // normalizeSliceOrder: stable sort by position in `order`; {$patch: delete} items go last.
    private static List<JsonNode?> NormalizeSliceOrder(List<JsonNode?> toSort, List<JsonNode?> order, string mergeKey, bool isMap)
    {
        var toDelete = new List<JsonNode?>();
        if (isMap)
        {
            foreach (var item in toSort.Concat(order))
            {
                var map = item as JsonObject ?? throw KubeApiException.Unknown($"expected a map, but received a {StrategicMergePatch.Kind(item)}");
                if (!map.ContainsKey(mergeKey))
                {
                    throw NoMergeKey(map, mergeKey);
                }
            }

            toDelete = [.. toSort.Where(i => i is JsonObject m && m[StrategicMergePatch.DirectiveMarker] is JsonValue d && d.ToJsonString() == "\"delete\"")];
            toSort = [.. toSort.Except(toDelete)];
        }

        var sorted = toSort
            .Select((item, position) => (Item: item, Position: position, Rank: Index(order, item, mergeKey, isMap)))
            .OrderBy(x => x.Rank < 0 ? int.MaxValue : x.Rank)
            .ThenBy(x => x.Position)
            .Select(x => x.Item);
        return [.. sorted, .. toDelete];
    }

    private static int Index(List<JsonNode?> list, JsonNode? item, string mergeKey, bool isMap)
    {
        var wanted = isMap ? (item as JsonObject)?[mergeKey] : item;
        return list.FindIndex(candidate => GoEquals(isMap ? (candidate as JsonObject)?[mergeKey] : candidate, wanted));
    }

    // validatePatchWithSetOrderList: the patch list's order must agree with $setElementOrder.
    private static void ValidatePatchWithSetOrderList(JsonArray patchList, JsonArray order, string mergeKey)
    {
        if (order.Count == 0 || patchList.Count == 0)
        {
            return;
        }

        var items = mergeKey.Length > 0
            ? patchList.Where(i => !(i is JsonObject m && m[StrategicMergePatch.DirectiveMarker] is JsonValue d && d.ToJsonString() == "\"delete\"")).ToList()
            : [.. patchList];
        int patchIndex = 0, orderIndex = 0;
        while (patchIndex < items.Count && orderIndex < order.Count)
        {
            if (items[patchIndex] is JsonObject withDirective && withDirective.ContainsKey(StrategicMergePatch.DirectiveMarker))
            {
                patchIndex++;
                continue;
            }

            var equal = mergeKey.Length == 0
                ? GoEquals(items[patchIndex], order[orderIndex])
                : GoEquals((items[patchIndex] as JsonObject)?[mergeKey], (order[orderIndex] as JsonObject)?[mergeKey]);
            if (equal)
            {
                patchIndex++;
            }

            orderIndex++;
        }

        if (patchIndex < items.Count && orderIndex >= order.Count)
        {
            throw KubeApiException.Unknown($"The order in patch list:\n{patchList.ToJsonString()}\n doesn't match {StrategicMergePatch.SetElementOrderPrefix} list:\n{order.ToJsonString()}");
        }
    }

    // deduplicateScalars, with its swap-with-last removal (which the live order then corrects).
    private static List<JsonNode?> DeduplicateScalars(List<JsonNode?> items)
    {
        var length = items.Count - 1;
        for (var i = 0; i < length; i++)
        {
            for (var j = i + 1; j <= length; j++)
            {
                if (GoEquals(items[i], items[j]))
                {
                    items[j] = items[length];
                    items.RemoveAt(length);
                    length--;
                    j--;
                }
            }
        }

        return items;
    }

    /// <summary>Go's == on decoded JSON scalars: same type and value (an int64 never equals a float64).</summary>
    private static bool GoEquals(JsonNode? a, JsonNode? b) =>
        (a is null && b is null)
        || (a is JsonValue && b is JsonValue && StrategicMergePatch.Kind(a) == StrategicMergePatch.Kind(b) && JsonNode.DeepEquals(a, b));

    private static KubeApiException NoMergeKey(JsonObject map, string mergeKey) =>
        KubeApiException.Unknown($"map: {map.ToJsonString()} does not contain declared merge key: {mergeKey}");
}
