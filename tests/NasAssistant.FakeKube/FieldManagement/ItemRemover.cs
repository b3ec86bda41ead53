using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Removes the given fields and list items from a value (typed/remove.go RemoveItems). A map or list
/// left empty by the removal is dropped, as the Go types omit empty maps and slices.
/// </summary>
internal static class ItemRemover
{
    public static JsonNode? Remove(JsonNode? value, FieldSet toRemove, SmdType type) => Walk(value, toRemove, type);

    private static JsonNode? Walk(JsonNode? value, FieldSet toRemove, SmdType type)
    {
        type = type.For(value);
        switch (type.Kind)
        {
            case SmdKind.List when value is JsonArray { Count: > 0 } list:
                if (type.IsAtomic)
                {
                    return null;
                }

                var items = new JsonArray();
                foreach (var item in list)
                {
                    var element = ListItems.TryPathElementOf(type, item, out _);
                    if (element is not null && toRemove.Has([element]))
                    {
                        continue;
                    }

                    var subset = element is null ? new FieldSet() : toRemove.WithPrefix(element);
                    var kept = subset.IsEmpty ? item?.DeepClone() : Walk(item, subset, type.Element!);
                    if (kept is not null || item is null)
                    {
                        items.Add(kept);
                    }
                }

                return items.Count > 0 ? items : null;
            case SmdKind.Map when value is JsonObject { Count: > 0 } map:
                if (type.IsAtomic)
                {
                    return null;
                }

                var result = new JsonObject();
                foreach (var (key, child) in map)
                {
                    var element = PathElement.Field(key);
                    if (toRemove.Has([element]))
                    {
                        continue;
                    }

                    var subset = toRemove.WithPrefix(element);
                    if (subset.IsEmpty)
                    {
                        result[key] = child?.DeepClone();
                    }
                    else if (Walk(child, subset, type.FieldOrElement(key) ?? SmdType.Deduced) is { } kept)
                    {
                        result[key] = kept;
                    }
                }

                return result.Count > 0 ? result : null;
            default:
                return value?.DeepClone();
        }
    }
}
