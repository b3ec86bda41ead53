using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary><c>..</c>: each value that has children, then its descendants the same way (evalRecursive).</summary>
internal sealed record RecursiveStep : IJsonPathStep
{
    public List<JsonNode?> Apply(List<JsonNode?> input)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            var children = WildcardStep.Children(value).ToList();
            if (children.Count > 0)
            {
                results.Add(value);
                results.AddRange(Apply(children));
            }
        }

        return results;
    }
}
