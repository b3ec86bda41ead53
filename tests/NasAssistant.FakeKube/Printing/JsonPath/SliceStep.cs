using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary>
/// <c>[i]</c>, <c>[start:end]</c> or <c>[start:end:step]</c>; negative bounds count from the end (evalArray).
/// A single index <c>[i]</c> is the slice <c>[i:i+1]</c> with its end derived from the start.
/// </summary>
internal sealed record SliceStep(int? Start, int? End, int? Step, bool EndDerived) : IJsonPathStep
{
    public List<JsonNode?> Apply(List<JsonNode?> input)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            if (value is null)
            {
                continue;
            }

            if (value is not JsonArray list)
            {
                throw new JsonPathException($"{Describe(value)} is not array or slice");
            }

            var start = Start ?? 0;
            if (start < 0)
            {
                start += list.Count;
            }

            var end = End ?? list.Count;
            if (end < 0 || (end == 0 && EndDerived))
            {
                end += list.Count;
            }

            if (start == end)
            {
                return results;
            }

            if (start >= list.Count || start < 0)
            {
                throw new JsonPathException($"array index out of bounds: index {start}, length {list.Count}");
            }

            if (end > list.Count || end < 0)
            {
                throw new JsonPathException($"array index out of bounds: index {end - 1}, length {list.Count}");
            }

            if (start > end)
            {
                throw new JsonPathException($"starting index {start} is greater than ending index {end}");
            }

            if (Step is <= 0)
            {
                throw new JsonPathException("step must be > 0");
            }

            for (var i = start; i < end; i += Step ?? 1)
            {
                results.Add(list[i]);
            }
        }

        return results;
    }

    private static string Describe(JsonNode value) => value is JsonObject ? "map[string]interface {}" : value.GetValueKind().ToString().ToLowerInvariant();
}
