using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Compares two values of one type (typed/compare.go): leaves that differ are Modified; fields, items
/// and containers that appear or vanish are Added or Removed.
/// </summary>
internal sealed class ObjectComparer
{
    private readonly FieldSet _removed = new();
    private readonly FieldSet _modified = new();
    private readonly FieldSet _added = new();

    public static Comparison Compare(JsonNode? lhs, JsonNode? rhs, SmdType type)
    {
        var comparer = new ObjectComparer();
        comparer.Walk(Slot.Of(lhs), Slot.Of(rhs), type, []);
        return new Comparison(comparer._removed, comparer._modified, comparer._added);
    }

    private void Walk(Slot lhs, Slot rhs, SmdType type, List<PathElement> path)
    {
        var leftType = type.For(lhs.Value);
        var rightType = type.For(rhs.Value);
        bool inLeaf;
        if (!rhs.Present)
        {
            inLeaf = Handle(lhs, rhs, leftType, path);
        }
        else if (!lhs.Present || leftType.Kind == rightType.Kind)
        {
            inLeaf = Handle(lhs, rhs, rightType, path);
        }
        else
        {
            // A deduced value changed shape: walk it as both, the second walk decides leafness.
            Handle(lhs, rhs, leftType, path);
            inLeaf = Handle(lhs, rhs, rightType, path);
        }

        if (!inLeaf)
        {
            if (!lhs.Present)
            {
                _added.Insert(path);
            }
            else if (!rhs.Present)
            {
                _removed.Insert(path);
            }
        }
    }

    // Returns whether the node was handled as a leaf.
    private bool Handle(Slot lhs, Slot rhs, SmdType type, List<PathElement> path)
    {
        switch (type.Kind)
        {
            case SmdKind.List:
                var leftList = lhs.Value as JsonArray;
                var rightList = rhs.Value as JsonArray;
                if (type.IsAtomic || ((leftList is null || leftList.Count == 0) && (rightList is null || rightList.Count == 0)))
                {
                    return Leaf(lhs, rhs, path);
                }

                ListItemsOf(leftList, rightList, type, path);
                return false;
            case SmdKind.Map:
                var leftMap = lhs.Value as JsonObject;
                var rightMap = rhs.Value as JsonObject;
                if (type.IsAtomic || ((leftMap is null || leftMap.Count == 0) && (rightMap is null || rightMap.Count == 0)))
                {
                    return Leaf(lhs, rhs, path);
                }

                foreach (var key in Keys(leftMap, rightMap))
                {
                    Walk(Slot.In(leftMap, key), Slot.In(rightMap, key), type.FieldOrElement(key) ?? SmdType.Deduced, [.. path, PathElement.Field(key)]);
                }

                return false;
            default:
                return Leaf(lhs, rhs, path);
        }
    }

    private bool Leaf(Slot lhs, Slot rhs, List<PathElement> path)
    {
        if (!lhs.Present)
        {
            _added.Insert(path);
        }
        else if (!rhs.Present)
        {
            _removed.Insert(path);
        }
        else if (!JsonValues.Equal(rhs.Value, lhs.Value))
        {
            _modified.Insert(path);
        }

        return true;
    }

    // visitListItems: items pair up by key; duplicated keys compare as atomic groups.
    private void ListItemsOf(JsonArray? lhs, JsonArray? rhs, SmdType type, List<PathElement> path)
    {
        var order = new List<PathElement>();
        var left = Group(lhs, type, order);
        var right = Group(rhs, type, order);
        foreach (var element in order)
        {
            var l = left.GetValueOrDefault(element) ?? [];
            var r = right.GetValueOrDefault(element) ?? [];
            List<PathElement> itemPath = [.. path, element];
            if (l.Count <= 1 && r.Count <= 1)
            {
                Walk(l.Count == 1 ? Slot.Of(l[0]) : Slot.Absent, r.Count == 1 ? Slot.Of(r[0]) : Slot.Absent, type.Element!, itemPath);
            }
            else if (l.Count >= 2 && r.Count >= 2)
            {
                if (l.Count != r.Count || l.Zip(r).Any(p => !JsonValues.Equal(p.First, p.Second)))
                {
                    _modified.Insert(itemPath);
                }
            }
            else if (l.Count >= 2)
            {
                if (r.Count != 0)
                {
                    Walk(Slot.Absent, Slot.Of(r[0]), type.Element!, itemPath);
                }

                _removed.Insert(itemPath);
            }
            else
            {
                if (l.Count != 0)
                {
                    Walk(Slot.Of(l[0]), Slot.Absent, type.Element!, itemPath);
                }

                _added.Insert(itemPath);
            }
        }
    }

    private static Dictionary<PathElement, List<JsonNode?>> Group(JsonArray? list, SmdType type, List<PathElement> order)
    {
        var groups = new Dictionary<PathElement, List<JsonNode?>>();
        foreach (var item in list ?? [])
        {
            if (ListItems.TryPathElementOf(type, item, out _) is not { } element)
            {
                continue;
            }

            if (!groups.TryGetValue(element, out var group))
            {
                group = [];
                groups[element] = group;
                if (!order.Contains(element))
                {
                    order.Add(element);
                }
            }

            group.Add(item);
        }

        return groups;
    }

    private static IEnumerable<string> Keys(JsonObject? lhs, JsonObject? rhs) =>
        (lhs?.Select(p => p.Key) ?? []).Concat((rhs?.Select(p => p.Key) ?? []).Where(k => lhs?.ContainsKey(k) != true));
}
