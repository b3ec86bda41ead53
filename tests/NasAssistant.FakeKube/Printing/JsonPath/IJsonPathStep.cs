using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary>
/// One node of a parsed template. It maps the current values to the next ones; a JSON <c>null</c> is a
/// null entry, a missing key no entry at all.
/// </summary>
internal interface IJsonPathStep
{
    List<JsonNode?> Apply(List<JsonNode?> input);
}
