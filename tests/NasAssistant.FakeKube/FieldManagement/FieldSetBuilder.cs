using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// The fields a value sets (typed/tofieldset.go ToFieldSet): every scalar, atomic list or map,
/// associative list item, map key of an undeclared field, and null or empty map — never the struct
/// fields that merely contain others.
/// </summary>
internal static class FieldSetBuilder
{
    public static FieldSet Build(JsonNode? value, SmdType type)
    {
        var set = new FieldSet();
        Visit(value, type, [], set);
        return set;
    }

    private static void Visit(JsonNode? value, SmdType type, List<PathElement> path, FieldSet set)
    {
        type = type.For(value);
        switch (type.Kind)
        {
            case SmdKind.Scalar:
                set.Insert(path);
                break;
            case SmdKind.List when type.IsAtomic:
                set.Insert(path);
                break;
            case SmdKind.List when value is JsonArray list:
                ListItemsOf(list, type, path, set);
                break;
            case SmdKind.Map when type.IsAtomic:
                set.Insert(path);
                break;
            case SmdKind.Map when value is JsonObject map:
                foreach (var (key, child) in map)
                {
                    List<PathElement> childPath = [.. path, PathElement.Field(key)];
                    Visit(child, type.FieldOrElement(key) ?? SmdType.Deduced, childPath, set);
                    if (child is null || child is JsonObject { Count: 0 } || !type.HasField(key))
                    {
                        set.Insert(childPath);
                    }
                }

                break;
        }
    }

    // visitListItems: a duplicated key is owned as a whole, the others item by item.
    private static void ListItemsOf(JsonArray list, SmdType type, List<PathElement> path, FieldSet set)
    {
        var elements = list.Select(item => ListItems.TryPathElementOf(type, item, out _)).ToList();
        var duplicates = elements.Where((e, i) => e is not null && elements.Take(i).Any(earlier => earlier?.Equals(e) == true)).ToList();
        foreach (var duplicate in duplicates)
        {
            set.Insert([.. path, duplicate!]);
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (elements[i] is not { } element || duplicates.Any(d => d!.Equals(element)))
            {
                continue;
            }

            List<PathElement> itemPath = [.. path, element];
            Visit(list[i], type.Element!, itemPath, set);
            set.Insert(itemPath);
        }
    }
}
