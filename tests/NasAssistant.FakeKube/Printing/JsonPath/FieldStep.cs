using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary><c>.name</c> or <c>['name']</c>: a map key (evalField, client-go util/jsonpath).</summary>
internal sealed record FieldStep(string Name) : IJsonPathStep
{
    public List<JsonNode?> Apply(List<JsonNode?> input)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            if (value is JsonObject map && map.TryGetPropertyValue(Name, out var found))
            {
                results.Add(found);
            }
        }

        // Printer columns evaluate with AllowMissingKeys(true): a missing key is no result, not an error.
        return results;
    }
}
