using System.Text.Json.Nodes;

namespace NasAssistant.Operator.Controller;

/// <summary>Every object of a kind at one point in time, and the resourceVersion to watch from.</summary>
internal sealed record ResourceList(IReadOnlyList<JsonObject> Items, string ResourceVersion);
