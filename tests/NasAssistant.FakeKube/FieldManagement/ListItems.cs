using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>The path element of an associative list item (typed/helpers.go listItemToPathElement).</summary>
internal static class ListItems
{
    /// <summary>The item's key (its key fields, defaults filling missing ones) or, in a set, its value.</summary>
    public static PathElement PathElementOf(SmdType list, JsonNode? item)
    {
        if (!list.IsAssociative)
        {
            throw new SchemaMismatchException("invalid indexing of non-associative list");
        }

        var keys = list.Keys;
        if (keys.Count == 0)
        {
            return item switch
            {
                JsonObject => throw new SchemaMismatchException("associative list without keys has an element that's a map type"),
                JsonArray => throw new SchemaMismatchException("not supported: associative list with lists as elements"),
                null => throw new SchemaMismatchException("associative list without keys has an element that's an explicit null"),
                _ => PathElement.ValueOf(item),
            };
        }

        if (item is null)
        {
            throw new SchemaMismatchException("associative list with keys may not have a null element");
        }

        if (item is not JsonObject map)
        {
            throw new SchemaMismatchException("associative list with keys may not have non-map elements");
        }

        var element = list.Element!.For(item);
        var fields = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var key in keys)
        {
            if (map.TryGetPropertyValue(key, out var value))
            {
                fields.Add(new(key, value));
            }
            else if (element.FieldDefault(key) is { } fallback)
            {
                fields.Add(new(key, fallback));
            }
            else
            {
                throw new SchemaMismatchException($"associative list with keys has an element that omits key field \"{key}\" (and doesn't have default value)");
            }
        }

        return PathElement.KeyOf(fields);
    }

    /// <summary>The path element, or null when the item has none (callers report or skip it).</summary>
    public static PathElement? TryPathElementOf(SmdType list, JsonNode? item, out string? error)
    {
        try
        {
            error = null;
            return PathElementOf(list, item);
        }
        catch (SchemaMismatchException e)
        {
            error = e.Message;
            return null;
        }
    }
}
