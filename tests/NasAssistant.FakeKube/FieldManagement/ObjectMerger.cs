using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Merges an applied configuration into the live object (typed/merge.go with ruleKeepRHS): leaves take
/// the applied value, maps merge key by key, associative lists merge item by item keeping the applied
/// order for shared items, atomic lists and maps are replaced.
/// </summary>
internal static class ObjectMerger
{
    public static JsonNode? Merge(JsonNode? live, JsonNode? config, SmdType type) =>
        Walk(Slot.Of(live), Slot.Of(config), type) is { Present: true } merged ? merged.Value : null;

    private static Slot Walk(Slot lhs, Slot rhs, SmdType type)
    {
        // When a deduced value changes shape, the applied shape decides (the live one is walked and dropped).
        return Handle(lhs, rhs, rhs.Present ? type.For(rhs.Value) : type.For(lhs.Value));
    }

    private static Slot Handle(Slot lhs, Slot rhs, SmdType type)
    {
        switch (type.Kind)
        {
            case SmdKind.List:
                var leftList = lhs.Value as JsonArray;
                var rightList = rhs.Value as JsonArray;
                if (type.IsAtomic || ((leftList is null || leftList.Count == 0) && (rightList is null || rightList.Count == 0)))
                {
                    return KeepRight(lhs, rhs);
                }

                return ListItemsOf(leftList, rightList, type);
            case SmdKind.Map:
                var leftMap = lhs.Value as JsonObject;
                var rightMap = rhs.Value as JsonObject;
                if (type.IsAtomic || ((leftMap is null || leftMap.Count == 0) && (rightMap is null || rightMap.Count == 0)))
                {
                    return KeepRight(lhs, rhs);
                }

                var merged = new JsonObject();
                var keys = (leftMap?.Select(p => p.Key) ?? []).Concat((rightMap?.Select(p => p.Key) ?? []).Where(k => leftMap?.ContainsKey(k) != true));
                foreach (var key in keys)
                {
                    var child = Walk(Slot.In(leftMap, key), Slot.In(rightMap, key), type.FieldOrElement(key) ?? SmdType.Deduced);
                    if (child.Present)
                    {
                        merged[key] = child.Value?.DeepClone();
                    }
                }

                return merged.Count > 0 ? Slot.Of(merged) : Slot.Absent;
            default:
                return KeepRight(lhs, rhs);
        }
    }

    private static Slot KeepRight(Slot lhs, Slot rhs) => rhs.Present ? rhs : lhs;

    // visitListItems: live items the config lacks keep their place; shared items follow the config's order.
    private static Slot ListItemsOf(JsonArray? lhs, JsonArray? rhs, SmdType type)
    {
        var (rhsElements, observedRhs) = Index(rhs, type, allowDuplicates: false);
        var (lhsElements, observedLhs) = Index(lhs, type, allowDuplicates: true);
        var shared = new Queue<PathElement>(rhsElements.Where(observedLhs.ContainsKey));
        var nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var mergedRhs = new HashSet<PathElement>();
        var output = new JsonArray();
        int l = 0, r = 0;
        while (l < lhsElements.Count || r < rhsElements.Count)
        {
            if (l < lhsElements.Count && r < rhsElements.Count)
            {
                var element = lhsElements[l];
                if (element.Equals(rhsElements[r]))
                {
                    mergedRhs.Add(element);
                    Append(output, Walk(Slot.Of(observedLhs[element]), Slot.Of(observedRhs[element]), type.Element!));
                    l++;
                    r++;
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                    continue;
                }

                if (observedRhs.ContainsKey(element) && nextShared is not null && !nextShared.Equals(element))
                {
                    l++;
                    continue;
                }
            }

            if (l < lhsElements.Count)
            {
                var element = lhsElements[l];
                if (!observedRhs.ContainsKey(element))
                {
                    Append(output, Walk(Slot.Of(lhs![l]), Slot.Absent, type.Element!));
                    l++;
                    continue;
                }

                if (mergedRhs.Contains(element))
                {
                    l++;
                }
            }

            if (r < rhsElements.Count)
            {
                var element = rhsElements[r];
                mergedRhs.Add(element);
                var left = observedLhs.TryGetValue(element, out var value) ? Slot.Of(value) : Slot.Absent;
                Append(output, Walk(left, Slot.Of(observedRhs[element]), type.Element!));
                r++;
                if (nextShared is not null && nextShared.Equals(element))
                {
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                }
            }
        }

        return output.Count > 0 ? Slot.Of(output) : Slot.Absent;
    }

    // indexListPathElements: a duplicated live key merges as null; a duplicated applied key is an error.
    private static (List<PathElement> Elements, Dictionary<PathElement, JsonNode?> Observed) Index(JsonArray? list, SmdType type, bool allowDuplicates)
    {
        var elements = new List<PathElement>();
        var observed = new Dictionary<PathElement, JsonNode?>();
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var element = ListItems.TryPathElementOf(type, list![i], out var error)
                ?? throw new SchemaMismatchException($"element {i}: {error}");
            if (observed.ContainsKey(element))
            {
                if (!allowDuplicates)
                {
                    throw new SchemaMismatchException($"duplicate entries for key {element}");
                }

                observed[element] = null;
            }
            else
            {
                observed[element] = list[i];
            }

            elements.Add(element);
        }

        return (elements, observed);
    }

    private static void Append(JsonArray output, Slot item)
    {
        if (item.Present)
        {
            output.Add(item.Value?.DeepClone());
        }
    }
}
