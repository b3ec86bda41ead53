using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>Read access to a stored Node for the scheduler.</summary>
internal sealed class NodeView(JsonObject json)
{
    public string Name => Meta.Name(json);

    public IReadOnlyDictionary<string, string> Labels { get; } = Meta.Labels(json);

    public IReadOnlyList<JsonObject> Taints => JsonRead.Objects(json["spec"]?["taints"]).ToList();

    public bool Unschedulable => JsonRead.Bool(json["spec"]?["unschedulable"]) == true;
}
