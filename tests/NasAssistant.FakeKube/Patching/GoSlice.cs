using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// A Go slice: a view of a shared backing array. strategicpatch deletes list items in place and
/// appends into spare capacity, so the live list it later orders by (the caller's view of the same
/// array) sees those writes; the order of a merged list depends on it, so the port keeps it.
/// </summary>
internal sealed class GoSlice
{
    private readonly JsonNode?[] _array;

    public GoSlice(JsonNode?[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; private set; }

    public JsonNode? this[int index]
    {
        get => _array[index];
        set => _array[index] = value;
    }

    public static GoSlice Of(IEnumerable<JsonNode?> items)
    {
        var array = items.ToArray();
        return new GoSlice(array, array.Length);
    }

    /// <summary><c>append(s[:k], s[k+1:]...)</c>: later items shift left in the shared array.</summary>
    public GoSlice RemoveAt(int index)
    {
        Array.Copy(_array, index + 1, _array, index, Length - index - 1);
        return new GoSlice(_array, Length - 1);
    }

    /// <summary><c>append(s, item)</c>: into the shared array while it has room, else into a new one.</summary>
    public GoSlice Append(JsonNode? item)
    {
        if (Length < _array.Length)
        {
            _array[Length] = item;
            return new GoSlice(_array, Length + 1);
        }

        var grown = new JsonNode?[Math.Max(1, _array.Length * 2)];
        Array.Copy(_array, grown, Length);
        grown[Length] = item;
        return new GoSlice(grown, Length + 1);
    }

    public List<JsonNode?> ToList() => [.. _array.Take(Length)];
}
